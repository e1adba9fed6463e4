package dev.warren.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads warren.rabbitmq.addresses: the host:port of each cluster node, tried in turn instead of the URI's host:port. */
public final class BrokerAddresses {

    public static final String PROPERTY = "warren.rabbitmq.addresses";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");

    private BrokerAddresses() {
    }

    /**
     * The addresses of the comma list, each "host:port" ("[v6]:port" for an IPv6 literal), or "host" for the URI's port.
     *
     * @return empty for a blank list (the URI's host:port is used alone)
     * @throws IllegalStateException naming the property and the entry that is not an address
     */
    public static List<String> parse(String list, int defaultPort) {
        List<String> addresses = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return addresses;
        }
        String[] entries = list.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String which = "entry " + (i + 1);
            int colon = entry.lastIndexOf(':');
            boolean hasPort = colon > entry.lastIndexOf(']');
            String host = hasPort ? entry.substring(0, colon) : entry;
            if (!HOST.matcher(host).matches()) {
                throw invalid(which, "a host name or IP address, then :port");
            }
            int port = hasPort ? port(which, entry.substring(colon + 1)) : defaultPort;
            String address = host + ":" + port;
            if (addresses.contains(address)) {
                throw invalid(which, "each node once");
            }
            addresses.add(address);
        }
        return addresses;
    }

    private static int port(String which, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(which, "a port between 1 and 65535");
    }

    // the entry itself is not repeated: a mistyped one may hold user:password@
    // not IllegalArgumentException: Camel takes that for "no such property" and would fall back to the default
    private static IllegalStateException invalid(String which, String expected) {
        return new IllegalStateException(PROPERTY + " must be a comma list of host:port; its " + which
                + " is not (expected " + expected + ")");
    }
}
