package dev.warren.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** How keys look and are kept: "wrn_" and 256 random bits in base64url; the store holds only their SHA-256. */
public final class KeyFormat {

    public static final String PREFIX = "wrn_";
    /** How many characters of a key are shown to tell it apart (the prefix and 8 of its random characters). */
    public static final int SHOWN = PREFIX.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFormat() {
    }

    /** A new random key. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new key id: 12 random hex digits after "k_", not secret. */
    public static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "k_" + HexFormat.of().formatHex(bytes);
    }

    /** The SHA-256 of the key's UTF-8 bytes, in lower-case hex: what the store keeps. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start of a key shown to tell keys apart: never enough of it to matter. */
    public static String shown(String key) {
        return key.startsWith(PREFIX) && key.length() > SHOWN ? key.substring(0, SHOWN) : "(configured)";
    }

    /** Compares two hashes in time that does not depend on where they differ. */
    public static boolean sameHash(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
                b.getBytes(StandardCharsets.US_ASCII));
    }
}
