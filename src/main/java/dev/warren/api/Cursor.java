package dev.warren.api;

import dev.warren.common.ProblemException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The cursors lists give out: opaque tokens of a sort key, or the position of a newest-first list; checked when read. */
public final class Cursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Cursor() {
    }

    /** The token of a sort key: base64url, so that a key with spaces or symbols needs no escaping in a URL. */
    public static String of(String key) {
        return ENCODER.encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key a token stands for (the item need not exist any more); a 400 when no key encodes to it. */
    public static String key(String cursor) {
        try {
            byte[] bytes = DECODER.decode(cursor);
            String key = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            if (of(key).equals(cursor)) {
                return key;
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            // answered below, like a token that does not encode back to itself
        }
        throw refused("cursor");
    }

    /**
     * The position a newest-first list's cursor names: a positive whole number as the API writes it. Any such number
     * is a place in the list (an item deleted since, or never made, still has one), so only its shape is checked.
     */
    public static long position(String field, String cursor) {
        if (cursor.matches("[1-9][0-9]{0,18}")) {
            try {
                return Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                // above Long.MAX_VALUE: answered below
            }
        }
        throw refused(field);
    }

    private static ProblemException refused(String field) {
        return ProblemException.invalid(field, "is not a cursor this API gave out");
    }
}
