package dev.warren.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The key a request presents in its Authorization header: "Bearer <key>", or Basic with the key as the password. */
public final class Credentials {

    private Credentials() {
    }

    /** The key in this Authorization header; empty when there is none or the header is malformed. */
    public static Optional<String> key(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return usable(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? Optional.empty() : usable(pair.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> usable(String key) {
        return key.isEmpty() || key.length() > 512 || key.chars().anyMatch(c -> c <= ' ' || c == 127)
                ? Optional.empty() : Optional.of(key);
    }
}
