package dev.warren.auth;

import java.time.Instant;

/** One audited request: when, who (key id and name; null when no valid key), what, on which target, and its outcome. */
public record AuditEntry(Instant at, String keyId, String keyName, String method, String path, String target, int status,
                         String outcome) {

    /** The outcome of an answer's status: "ok" below 400, "refused" for 401 and 403, else "failed". */
    public static String outcomeOf(int status) {
        return status < 400 ? "ok" : status == 401 || status == 403 ? "refused" : "failed";
    }
}
