package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import dev.warren.secrets.SecretMask;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The HTTP API a worker group delivers to: URL, method, extra headers and the per-attempt timeout. */
public record Target(String url, String method, Map<String, String> headers, Long timeoutMs) {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    /** The webhook headers (Standard Webhooks) warren sets on every request. */
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final long MAX_TIMEOUT_MS = 600_000;
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "GET", "DELETE");
    /** An HTTP header name (RFC 9110 token). */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
    /** Headers of the connection and the body's framing, which the HTTP client sets (a group's would be ignored). */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "content-encoding", "connection", "keep-alive", "upgrade", "te", "trailer");
    /** Headers warren sets on every request itself (a group's would be overwritten and never reach the target). */
    private static final Set<String> WARREN_HEADERS = Set.of("content-type", "accept-encoding", WEBHOOK_ID,
            WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE);
    /** A header value as it is sent: visible ASCII, spaces and tabs (anything else would reach the target as '?'). */
    private static final java.util.regex.Pattern HEADER_VALUE = java.util.regex.Pattern.compile("[\\t\\x20-\\x7E]*");

    public Target withDefaults() {
        return new Target(normalised(url), method != null ? method.toUpperCase(Locale.ROOT) : "POST",
                headers != null ? headers : Map.of(), timeoutMs != null ? timeoutMs : DEFAULT_TIMEOUT_MS);
    }

    public List<FieldError> errors(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (url == null || url.isBlank()) {
            errors.add(new FieldError(prefix + "url", "is required: the http(s) URL tasks are delivered to"));
        } else if (!isHttpUrl(url)) {
            errors.add(new FieldError(prefix + "url", "must be an absolute http:// or https:// URL"));
        }
        if (method != null && !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            errors.add(new FieldError(prefix + "method", "must be one of " + METHODS));
        }
        if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
            errors.add(new FieldError(prefix + "timeoutMs", "must be between 1 and " + MAX_TIMEOUT_MS));
        }
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name.isBlank() || value == null) {
                    errors.add(new FieldError(prefix + "headers." + name, "must be a non-blank name with a string value"));
                } else if (!HEADER_NAME.matcher(name).matches() || !HEADER_VALUE.matcher(value).matches()) {
                    errors.add(new FieldError(prefix + "headers." + name,
                            "must be an HTTP header name with a one-line value of printable ASCII characters"));
                } else if (TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    errors.add(new FieldError(prefix + "headers." + name, "is set by the HTTP client from the URL and"
                            + " the body, not by the group"));
                } else if (isReserved(name)) {
                    errors.add(new FieldError(prefix + "headers." + name, "is set by warren on every request"
                            + " (Content-Type, Accept-Encoding, webhook-id, webhook-timestamp, webhook-signature and"
                            + " X-Warren-*) or steers the HTTP call (Camel*): reserved"));
                }
            });
        }
        return errors;
    }

    /**
     * Whether a group may not set this header: warren's own (the webhook headers, X-Warren-*, the body's type and
     * encoding), and Camel's message headers, which steer camel-http (URL, query, method) and are never sent.
     */
    static boolean isReserved(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return WARREN_HEADERS.contains(lower) || lower.startsWith(dev.warren.tasks.TaskHeaders.PREFIX) || lower.startsWith("camel");
    }

    /**
     * Whether a header of the group is sent as it is: not one the client or warren sets, nor one that steers the call
     * (camel-http gzips the body for a Content-Encoding of gzip). A PUT refuses the others; a group stored before a
     * name was refused still never sends it.
     */
    public static boolean isSentAsIs(String name) {
        return !TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !isReserved(name);
    }

    /** The target as it is shown to callers and logged: header values, URL credentials and secret query values masked. */
    public Target masked() {
        return new Target(SecretMask.url(url), method, SecretMask.values(headers), timeoutMs);
    }

    /** The URL with its scheme in lower case (HTTP://x and http://x are the same target); null stays null. */
    static String normalised(String url) {
        int colon = url == null ? -1 : url.indexOf(':');
        return colon < 0 ? url : url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
    }

    /** The URL a request goes to, in ASCII (non-ASCII characters percent-encoded), as the message's HTTP URI. */
    public static String requestUrl(String url) {
        return URI.create(normalised(url)).toASCIIString();
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (Exception e) {
            return false;
        }
    }
}
