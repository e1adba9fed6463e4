package dev.warren.common;

import java.nio.charset.StandardCharsets;

/** The beginning of UTF-8 bytes as text, at most so many bytes, cut between two characters. */
public final class Utf8Prefix {

    private Utf8Prefix() {
    }

    /**
     * The text of at most maxBytes of these bytes: when they go on, the cut moves back to the start of the character it
     * would split (a decoder would turn the half into U+FFFD); bytes that are not UTF-8 decode as they would anyway.
     */
    public static String of(byte[] bytes, int maxBytes) {
        int end = Math.min(bytes.length, maxBytes);
        if (end < bytes.length) {
            // back over at most three continuation bytes (10xxxxxx), the most a UTF-8 character has
            for (int back = 0; back < 3 && end > 0 && isContinuation(bytes[end]); back++) {
                end--;
            }
            if (isContinuation(bytes[end])) {
                end = Math.min(bytes.length, maxBytes);
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
