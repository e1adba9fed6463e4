package dev.warren.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A gate's news with the target URL it is about, named by {@link #targetOf}: the same URL gives the same name on every
 * instance, and the name does not give the URL away (a URL may carry a secret, and news travels as notifications). A
 * null target is news from an instance that does not say (an older version during an upgrade): it is taken as about
 * the URL here, as it always was.
 */
public record TargetNews(String target, GateNews news) {

    /** The first 16 hex digits of the URL's SHA-256 (enough to tell a group's URLs apart); null without a URL. */
    public static String targetOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this news is about a gate made for the URL: a breaker opened by one URL must not hold back another. */
    public boolean isAbout(String url) {
        return target == null || target.equals(targetOf(url));
    }
}
