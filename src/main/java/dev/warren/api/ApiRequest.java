package dev.warren.api;

import dev.warren.auth.Caller;
import org.apache.camel.Exchange;

/** What an API operation is given of its request: path and query parameters, the caller, and the JSON body. */
record ApiRequest(Exchange exchange) {

    /** A path or query parameter (as HttpBoundary left it in the headers), or null when absent. */
    String param(String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    /** The caller AccessGate identified. */
    Caller caller() {
        return exchange.getProperty(AccessGate.CALLER_PROPERTY, Caller.class);
    }

    /** The body's bytes as HttpBoundary prepared them, or null when none was sent. */
    byte[] body() {
        return exchange.getMessage().getBody(byte[].class);
    }
}
