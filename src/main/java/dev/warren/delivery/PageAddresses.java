package dev.warren.delivery;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The page URL the scraper fetches for a task's domain_name: {scheme}://{host}/, from a plain host name only. */
public final class PageAddresses {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern DOTTED_IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private PageAddresses() {
    }

    /**
     * The URL, or empty when the scheme is not http or https, or the domain is not a host name or a dotted IPv4
     * address (optionally with a port when ports are allowed). Nothing else of the domain reaches the URL.
     */
    public static Optional<String> url(String scheme, String domain, boolean portAllowed) {
        String normalisedScheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!normalisedScheme.equals("http") && !normalisedScheme.equals("https") || domain == null) {
            return Optional.empty();
        }
        String host = domain;
        String port = null;
        int colon = domain.indexOf(':');
        if (colon >= 0) {
            port = domain.substring(colon + 1);
            host = domain.substring(0, colon);
            if (!portAllowed || !PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return Optional.empty();
            }
        }
        Optional<HostAddresses.Host> parsed = HostAddresses.parse(host);
        if (parsed.isEmpty() || host.endsWith(".")) {
            return Optional.empty();
        }
        String shown;
        if (parsed.get() instanceof HostAddresses.Name name) {
            shown = name.name();
        } else if (DOTTED_IPV4.matcher(host).matches()) {
            // only the plain spelling: 0x7f.1 or 2130706433 is not a domain name
            shown = ((HostAddresses.Address) parsed.get()).address().getHostAddress();
        } else {
            return Optional.empty();
        }
        return Optional.of(normalisedScheme + "://" + shown + (port == null ? "" : ":" + Integer.parseInt(port)) + "/");
    }
}
