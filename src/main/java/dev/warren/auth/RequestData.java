package dev.warren.auth;

/** Names under which the access gate leaves data on a request's Vert.x routing context, for later handlers. */
public final class RequestData {

    /** The {@link Caller} of the request. */
    public static final String CALLER = "warren.caller";
    /** Set (to the target's name) by a handler that finds a request changes state although its method does not say so. */
    public static final String AUDIT_TARGET = "warren.audit-target";

    private RequestData() {
    }
}
