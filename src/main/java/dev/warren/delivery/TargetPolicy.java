package dev.warren.delivery;

import dev.warren.delivery.HostAddresses.Address;
import dev.warren.delivery.HostAddresses.Host;
import dev.warren.delivery.HostAddresses.Name;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides which URLs and addresses warren may call: http or https only, no userinfo unless allowed, and the host,
 * its address and port checked against the deny list and the optional allow list. URLs are judged when a target is
 * given; the address actually connected to is judged again at connect time, so that a name which later resolves to
 * a denied address is still refused. warren's own port on any address of this machine is always refused: a call
 * there would be warren calling itself.
 */
public final class TargetPolicy {

    /** A deny or allow entry: a host name (with its subdomains when it starts with "."), or a CIDR, and maybe a port. */
    record Rule(String name, boolean subdomains, byte[] network, int prefix, Integer port) {

        static Rule parse(String entry) {
            String text = entry.trim();
            Integer port = null;
            String target;
            if (text.startsWith("[")) {
                int end = text.indexOf(']');
                if (end < 0) {
                    throw invalid(entry);
                }
                target = text.substring(1, end);
                String rest = text.substring(end + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw invalid(entry);
                    }
                    port = port(rest.substring(1), entry);
                }
            } else if (text.indexOf(':') != text.lastIndexOf(':')) {
                target = text;
            } else {
                int colon = text.indexOf(':');
                target = colon < 0 ? text : text.substring(0, colon);
                port = colon < 0 ? null : port(text.substring(colon + 1), entry);
            }
            int slash = target.indexOf('/');
            String host = slash < 0 ? target : target.substring(0, slash);
            boolean subdomains = host.startsWith(".");
            Optional<Host> parsed = HostAddresses.parse(subdomains ? host.substring(1) : host);
            if (parsed.isEmpty()) {
                throw invalid(entry);
            }
            if (parsed.get() instanceof Name name) {
                if (slash >= 0) {
                    throw invalid(entry);
                }
                return new Rule(name.name(), subdomains, null, 0, port);
            }
            if (subdomains) {
                throw invalid(entry);
            }
            byte[] network = ((Address) parsed.get()).address().getAddress();
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(target.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw invalid(entry);
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw invalid(entry);
                }
            }
            return new Rule(null, false, network, prefix, port);
        }

        boolean matches(String hostName, InetAddress address, int targetPort) {
            if (port != null && port != targetPort) {
                return false;
            }
            if (name != null) {
                return hostName != null && (hostName.equals(name) || subdomains && hostName.endsWith("." + name));
            }
            return address != null && inNetwork(HostAddresses.canonical(address).getAddress());
        }

        boolean isAddress() {
            return name == null;
        }

        private boolean inNetwork(byte[] bytes) {
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
                return false;
            }
            int bits = prefix % 8;
            if (bits == 0) {
                return true;
            }
            int mask = 0xff << (8 - bits) & 0xff;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }

        private static int port(String text, String entry) {
            try {
                int port = Integer.parseInt(text);
                if (port < 1 || port > 65535) {
                    throw invalid(entry);
                }
                return port;
            } catch (NumberFormatException e) {
                throw invalid(entry);
            }
        }

        private static IllegalArgumentException invalid(String entry) {
            return new IllegalArgumentException("'" + entry + "' is not a target rule: use a host name (.name for its"
                    + " subdomains too), an address or CIDR (10.0.0.0/8, [fd00::/8]), each optionally with :port");
        }
    }

    private final List<Rule> denied;
    private final List<Rule> allowed;
    private final boolean allowUserinfo;
    /** warren's own HTTP port; 0 when not known (a policy for tests and tools). */
    private final int ownPort;
    private final Predicate<InetAddress> thisMachine;

    TargetPolicy(List<Rule> denied, List<Rule> allowed, boolean allowUserinfo) {
        this(denied, allowed, allowUserinfo, 0, TargetPolicy::isThisMachine);
    }

    TargetPolicy(List<Rule> denied, List<Rule> allowed, boolean allowUserinfo, int ownPort, Predicate<InetAddress> thisMachine) {
        this.denied = List.copyOf(denied);
        this.allowed = List.copyOf(allowed);
        this.allowUserinfo = allowUserinfo;
        this.ownPort = ownPort;
        this.thisMachine = thisMachine;
    }

    /** This policy, also refusing warren's own port on every address of this machine (whatever the lists say). */
    public TargetPolicy refusingOwnPort(int port) {
        return new TargetPolicy(denied, allowed, allowUserinfo, port, thisMachine);
    }

    TargetPolicy refusingOwnPort(int port, Predicate<InetAddress> thisMachine) {
        return new TargetPolicy(denied, allowed, allowUserinfo, port, thisMachine);
    }

    /**
     * Whether an address is one of this machine's, asked of its interfaces at each call (addresses come and go): the
     * server listens on all of them. When the interfaces cannot be read, the address counts as this machine's.
     */
    static boolean isThisMachine(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
        }
    }

    /**
     * A policy from comma-separated rule lists (blank: none).
     *
     * @throws IllegalArgumentException naming an entry that is not a rule
     */
    public static TargetPolicy of(String deniedTargets, String allowedTargets, boolean allowUserinfo) {
        return new TargetPolicy(rules(deniedTargets), rules(allowedTargets), allowUserinfo);
    }

    /** Allows every http(s) target: for tests and tools that need no policy. */
    public static TargetPolicy permissive() {
        return new TargetPolicy(List.of(), List.of(), true);
    }

    /**
     * Why warren may not call this URL, or empty when it may (its host name, if it has one, is judged again by
     * address at connect time). The URL must be absolute http(s) with a host.
     */
    public Optional<String> urlViolation(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.of("must be an absolute http:// or https:// URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.isOpaque()) {
            return Optional.of("must be an absolute http:// or https:// URL");
        }
        if (uri.getRawAuthority() == null || uri.getHost() == null) {
            return Optional.of("must name a host (http://host[:port]/path)");
        }
        if (uri.getRawUserInfo() != null && !allowUserinfo) {
            return Optional.of("must not carry a user name or password (user:password@); send credentials in the"
                    + " target's headers, or set warren.delivery.allow-userinfo=true");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#...)");
        }
        Optional<Host> host = HostAddresses.parse(uri.getHost());
        if (host.isEmpty()) {
            return Optional.of("has a host that is neither a valid name nor an address");
        }
        if (host.get() instanceof Name name && isInternationalised(name.name())) {
            // camel-http (with httpcore5 5.3) turns such a name into Unicode, which java.net.URI cannot hold as a host,
            // and every call would fail inside the client
            return Optional.of("has an internationalised host name (a label starting with xn--), which warren's"
                    + " HTTP client cannot call");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return host.get() instanceof Address address ? addressViolation(null, address.address(), port)
                : nameViolation(((Name) host.get()).name(), port);
    }

    /** Why warren may not connect to this address (reached through this host name, or null for a literal), or empty. */
    public Optional<String> addressViolation(String hostName, InetAddress address, int port) {
        String name = hostName == null ? null : HostAddresses.parse(hostName)
                .filter(Name.class::isInstance).map(h -> ((Name) h).name()).orElse(null);
        InetAddress canonical = HostAddresses.canonical(address);
        String shown = HostAddresses.withPort(canonical, port) + (name == null ? "" : " (" + name + ")");
        if (ownPort != 0 && port == ownPort && thisMachine.test(canonical)) {
            return Optional.of("target " + shown + " is warren itself: its own port " + ownPort
                    + " on an address of this machine");
        }
        for (Rule rule : denied) {
            if (rule.matches(name, canonical, port)) {
                return Optional.of("target " + shown + " is denied by warren.delivery.denied-targets");
            }
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(rule -> rule.matches(name, canonical, port))) {
            return Optional.of("target " + shown + " is not in warren.delivery.allowed-targets");
        }
        return Optional.empty();
    }

    /** Whether a name has an IDNA label (ACE prefix xn--). */
    static boolean isInternationalised(String name) {
        return name.startsWith("xn--") || name.contains(".xn--");
    }

    /** A host name is judged by name here; its addresses are judged when warren connects. */
    private Optional<String> nameViolation(String name, int port) {
        for (Rule rule : denied) {
            if (!rule.isAddress() && rule.matches(name, null, port)) {
                return Optional.of("target " + name + ":" + port + " is denied by warren.delivery.denied-targets");
            }
        }
        boolean mayBeAllowed = allowed.isEmpty() || allowed.stream()
                .anyMatch(rule -> rule.isAddress() || rule.matches(name, null, port));
        return mayBeAllowed ? Optional.empty()
                : Optional.of("target " + name + ":" + port + " is not in warren.delivery.allowed-targets");
    }

    private static List<Rule> rules(String list) {
        List<Rule> rules = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    rules.add(Rule.parse(entry));
                }
            }
        }
        return rules;
    }
}
