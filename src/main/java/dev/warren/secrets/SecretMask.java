package dev.warren.secrets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Hides what may be a credential (header values, URL userinfo, secret-looking query values) before it is shown. */
public final class SecretMask {

    /** What a hidden value is shown as. */
    public static final String MASK = "***";

    private static final List<String> SECRET_WORDS = List.of("token", "key", "secret", "password", "passwd", "pwd",
            "signature", "auth", "credential", "session");
    /** Short names that carry a URL's credential as a whole word only: Azure's SAS {@code sig}, Azure Functions' {@code code}. */
    private static final List<String> SECRET_NAMES = List.of("sig", "code");

    /** Hosts of webhook URLs that carry their secret in the path (Slack, Discord, Zapier). */
    private static final java.util.Set<String> WEBHOOK_HOSTS = java.util.Set.of("hooks.slack.com", "discord.com",
            "discordapp.com", "hooks.zapier.com");
    /** The same, by domain (Microsoft Teams' incoming webhooks, Discord's other hosts). */
    private static final List<String> WEBHOOK_DOMAINS = List.of(".webhook.office.com", ".discord.com");

    private SecretMask() {
    }

    /** Whether a parameter of this name probably holds a credential (a case-insensitive word match). */
    public static boolean looksSecret(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains) || SECRET_NAMES.contains(lower);
    }

    /**
     * The URL with its userinfo and the values of secret-looking query parameters replaced by the mask. Works on the
     * text, so that a URL no parser accepts is masked too.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        int fragmentAt = url.indexOf('#');
        String fragment = fragmentAt < 0 ? "" : url.substring(fragmentAt);
        String rest = fragmentAt < 0 ? url : url.substring(0, fragmentAt);
        int queryAt = rest.indexOf('?');
        String query = queryAt < 0 ? null : rest.substring(queryAt + 1);
        String base = queryAt < 0 ? rest : rest.substring(0, queryAt);
        return withoutPathSecret(withoutUserinfo(base)) + (query == null ? "" : "?" + query(query)) + fragment;
    }

    /**
     * The URL's path beyond its first segment masked on hosts whose webhook URLs are themselves the credential
     * (https://hooks.slack.com/services/T0/B0/XXXX shows as https://hooks.slack.com/services/***).
     */
    private static String withoutPathSecret(String base) {
        int schemeEnd = base.indexOf("//");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 2;
        int pathStart = base.indexOf('/', authorityStart);
        if (pathStart < 0) {
            return base;
        }
        String host = base.substring(authorityStart, pathStart).replaceAll(".*@", "").replaceAll(":\\d*$", "")
                .toLowerCase(Locale.ROOT);
        if (!WEBHOOK_HOSTS.contains(host) && WEBHOOK_DOMAINS.stream().noneMatch(host::endsWith)) {
            return base;
        }
        int secondSegment = base.indexOf('/', pathStart + 1);
        return secondSegment < 0 || secondSegment == base.length() - 1 ? base : base.substring(0, secondSegment + 1) + MASK;
    }

    private static String withoutUserinfo(String base) {
        int schemeEnd = base.indexOf("//");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 2;
        int authorityEnd = base.indexOf('/', authorityStart);
        String authority = authorityEnd < 0 ? base.substring(authorityStart) : base.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return base;
        }
        return base.substring(0, authorityStart) + MASK + authority.substring(at)
                + (authorityEnd < 0 ? "" : base.substring(authorityEnd));
    }

    private static String query(String query) {
        java.util.StringJoiner masked = new java.util.StringJoiner("&");
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            masked.add(equals >= 0 && looksSecret(decode(name)) ? name + "=" + MASK : pair);
        }
        return masked.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The same names, every value masked: for HTTP headers, whose values are often credentials. */
    public static Map<String, String> values(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        map.forEach((name, value) -> masked.put(name, value == null ? null : MASK));
        return masked;
    }

    /** The same names; values of secret-looking names masked, and URLs among the values shown as {@link #url}. */
    public static Map<String, String> parameters(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        map.forEach((name, value) -> masked.put(name, value == null ? null
                : looksSecret(name) ? MASK : value.contains("://") ? url(value) : value));
        return masked;
    }
}
