package dev.warren.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the host of a URL as an address the way the most lenient resolvers do, so that no spelling of an address
 * slips past a rule: IPv4 in 1 to 4 parts of decimal, 0x-hex or 0-octal numbers ({@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}), bracketed IPv6, and IPv4-mapped or -compatible IPv6
 * ({@code [::ffff:127.0.0.1]}) as the IPv4 address it stands for.
 */
public final class HostAddresses {

    private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[0-9A-Za-z_.-]+)?");

    private HostAddresses() {
    }

    /** What a URL's host is: an address, or a (lower-case, dot-less at the end) name; invalid text is empty. */
    public sealed interface Host {
    }

    public record Address(InetAddress address) implements Host {
    }

    public record Name(String name) implements Host {
    }

    /** The host as an address or a name, or empty when it is neither (e.g. a numeric last label that is no IPv4). */
    public static Optional<Host> parse(String host) {
        if (host == null || host.isEmpty() || host.length() > 253 + 2) {
            return Optional.empty();
        }
        if (host.startsWith("[") || host.contains(":")) {
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return ipv6(literal).map(Address::new);
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String[] labels = name.split("\\.", -1);
        // as WHATWG URL parsing does: a host whose last label is a number is an IPv4 address or nothing
        if (NUMBER.matcher(labels[labels.length - 1]).matches()) {
            return ipv4(labels).map(Address::new);
        }
        return NAME.matcher(name).matches() ? Optional.of(new Name(name)) : Optional.empty();
    }

    /**
     * The address with its port as people write it: an IPv6 address in brackets and in its shortest form (RFC 5952:
     * lower case, no leading zeros, the longest run of two or more zero groups as "::"), e.g. {@code [::1]:8080}.
     */
    public static String withPort(InetAddress address, int port) {
        return io.netty.util.NetUtil.toSocketAddressString(new java.net.InetSocketAddress(address, port));
    }

    /** The address with IPv4-mapped and IPv4-compatible IPv6 turned into the IPv4 address they carry. */
    public static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= bytes[i] == 0;
            }
            boolean mapped = zeros && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            boolean compatible = zeros && bytes[10] == 0 && bytes[11] == 0
                    && (bytes[12] != 0 || bytes[13] != 0 || bytes[14] != 0 || (bytes[15] & 0xff) > 1);
            if (mapped || compatible) {
                return v4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
            }
        }
        return address;
    }

    private static Optional<InetAddress> ipv4(String[] parts) {
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (!NUMBER.matcher(part).matches() || part.length() > 12) {
                return Optional.empty();
            }
            try {
                if (part.startsWith("0x") || part.startsWith("0X")) {
                    numbers[i] = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    numbers[i] = Long.parseLong(part, 8);
                } else {
                    numbers[i] = Long.parseLong(part);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        long value = 0;
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
            value |= numbers[i] << (8 * (3 - i));
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            return Optional.empty();
        }
        value |= last;
        return Optional.of(v4(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}));
    }

    private static Optional<InetAddress> ipv6(String literal) {
        if (!literal.contains(":") || !IPV6.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            // a literal with a colon is parsed, never looked up
            return Optional.of(canonical(InetAddress.getByName(literal)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
