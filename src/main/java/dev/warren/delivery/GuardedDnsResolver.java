package dev.warren.delivery;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves target hosts for the HTTP client and keeps only the addresses the target policy allows, so that the
 * address actually connected to is judged (a name that resolves to a denied address, even after a DNS change, is
 * refused). With none left the connection fails with {@link TargetRefusedException}.
 */
public final class GuardedDnsResolver implements DnsResolver {

    private final TargetPolicy policy;
    private final DnsResolver system;

    public GuardedDnsResolver(TargetPolicy policy) {
        this(policy, SystemDefaultDnsResolver.INSTANCE);
    }

    GuardedDnsResolver(TargetPolicy policy, DnsResolver system) {
        this.policy = policy;
        this.system = system;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> allowed = new ArrayList<>();
        String refusal = null;
        for (InetAddress address : lookUp(host)) {
            Optional<String> violation = policy.addressViolation(host, address, port);
            if (violation.isEmpty()) {
                allowed.add(new InetSocketAddress(address, port));
            } else if (refusal == null) {
                refusal = violation.get();
            }
        }
        if (allowed.isEmpty()) {
            throw new TargetRefusedException(refusal != null ? refusal : "target " + host + " has no address");
        }
        return allowed;
    }

    /** Without a port (not used for connections by HttpClient 5.5): rules without a port still apply. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> allowed = new ArrayList<>();
        for (InetSocketAddress address : resolve(host, 0)) {
            allowed.add(address.getAddress());
        }
        return allowed.toArray(new InetAddress[0]);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        // HttpClient passes literal IPv6 hosts in brackets; a literal is parsed by the same rules as at PUT
        Optional<HostAddresses.Host> parsed = HostAddresses.parse(host);
        if (parsed.isPresent() && parsed.get() instanceof HostAddresses.Address literal) {
            return new InetAddress[] {literal.address()};
        }
        InetAddress[] addresses = system.resolve(host);
        return addresses == null ? new InetAddress[0] : addresses;
    }
}
