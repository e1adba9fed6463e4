package dev.warren.auth;

/** Shortens caller-supplied text for the audit log, so that no caller can store more than a line per request. */
public final class AuditText {

    private static final String ELLIPSIS = "…";

    private AuditText() {
    }

    /**
     * The text itself when it has at most max chars; else its beginning, cut between two characters, then "…" and, where
     * there is room, the original length: "/api/queues/ZZZ… (3812 characters)", never longer than max.
     */
    public static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String note = ELLIPSIS + " (" + text.codePointCount(0, text.length()) + " characters)";
        String marker = note.length() <= max / 2 ? note : ELLIPSIS;
        int keep = Math.max(0, max - marker.length());
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + marker;
    }
}
