package dev.warren.auth;

import io.netty.util.NetUtil;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps browsers from being turned against warren: the Host a request names must be one warren answers to (DNS
 * rebinding), and a state change must not come from a page of another site (a cached Basic login would go with it).
 */
public final class BrowserRules {

    private final List<String> allowedHosts;
    private final boolean anyHost;

    /** @param allowedHosts host names or addresses (IPv6 in brackets), without port; "*" admits any */
    public BrowserRules(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.anyHost = this.allowedHosts.contains("*");
    }

    /**
     * Whether this Host header (with or without port) names a host warren answers to: a listed one, or an IP address.
     * A rebound page's requests name the page's own host name, never an address, so an address is always safe to
     * answer; Kubernetes probes, load balancers' checks and scrapes by pod IP name the address they connect to.
     */
    public boolean hostAllowed(String hostHeader) {
        if (anyHost) {
            return true;
        }
        String host = hostOnly(hostHeader);
        return host != null && (allowedHosts.contains(host) || ipLiteral(host));
    }

    /** An IPv4 address in dotted form, or an IPv6 address in brackets (as a Host header writes them). */
    static boolean ipLiteral(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            String inside = host.substring(1, host.length() - 1);
            return inside.indexOf('%') < 0 && NetUtil.isValidIpV6Address(inside);
        }
        return NetUtil.isValidIpV4Address(host);
    }

    /** The host of a Host header without its port, lower case; null when there is none. */
    static String hostOnly(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        host = colon < 0 ? host : host.substring(0, colon);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /**
     * Whether a request is a state change sent by a page of another site: not GET, HEAD or OPTIONS, or a GET that
     * changes state (taking a subscriber's messages acknowledges them), and an Origin (or, without one, a Referer)
     * whose host:port differs from the request's Host, or (without either) Sec-Fetch-Site cross-site or same-site.
     */
    public static boolean crossSiteStateChange(String method, boolean changesState, String host, String origin,
                                               String referer, String secFetchSite) {
        String verb = method.toUpperCase(Locale.ROOT);
        if (!changesState && (verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS"))) {
            return false;
        }
        // a GET carries no Origin; its Referer, when the page sends one, names the page just as well
        String page = origin != null && !origin.isBlank() ? origin : referer;
        if (page != null && !page.isBlank()) {
            String authority = authorityOf(page.trim());
            return authority == null || host == null || !authority.equals(host.trim().toLowerCase(Locale.ROOT));
        }
        return secFetchSite != null && (secFetchSite.trim().equalsIgnoreCase("cross-site")
                || secFetchSite.trim().equalsIgnoreCase("same-site"));
    }

    /** host[:port] of an origin, lower case; null for "null" or anything not an origin. */
    private static String authorityOf(String origin) {
        try {
            URI uri = new URI(origin);
            return uri.getScheme() == null || uri.getRawAuthority() == null ? null
                    : uri.getRawAuthority().toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
