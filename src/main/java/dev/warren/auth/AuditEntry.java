package dev.warren.auth;

import java.time.Instant;

/**
 * One audited request: when, who (key id and name; null when no valid key), what, on which target, and its outcome.
 * The text a caller chooses (method, path, target) is capped, so that one request cannot store kilobytes for months.
 */
public record AuditEntry(Instant at, String keyId, String keyName, String method, String path, String target, int status,
                         String outcome) {

    /** The most characters kept of a path or a target (a queue or topic name is at most 255). */
    public static final int MAX_TEXT = 400;
    /** The most characters kept of a method (its column's width). */
    public static final int MAX_METHOD = 10;
    /** The most characters kept of a key's name (a name is at most that long). */
    public static final int MAX_KEY_NAME = 200;

    /** The entry as it is stored: its texts capped (entries read back are shown as they were stored). */
    public AuditEntry capped() {
        return new AuditEntry(at, keyId, AuditText.cap(keyName, MAX_KEY_NAME), AuditText.cap(method, MAX_METHOD),
                AuditText.cap(path, MAX_TEXT), AuditText.cap(target, MAX_TEXT), status, outcome);
    }

    /** The outcome of an answer's status: "ok" below 400, "refused" for 401 and 403, else "failed". */
    public static String outcomeOf(int status) {
        return status < 400 ? "ok" : status == 401 || status == 403 ? "refused" : "failed";
    }
}
