package dev.warren.delivery;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At connect time only the addresses the policy allows are offered to the HTTP client; none left is a refusal. */
class GuardedDnsResolverTest {

    private static final TargetPolicy POLICY = TargetPolicy.of("169.254.0.0/16,127.0.0.1:8080", null, false);

    /** A DNS that answers from a fixed table, as an attacker's name server might. */
    private static DnsResolver dns(Map<String, List<String>> table) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                List<String> addresses = table.get(host);
                if (addresses == null) {
                    throw new UnknownHostException(host);
                }
                InetAddress[] answer = new InetAddress[addresses.size()];
                for (int i = 0; i < answer.length; i++) {
                    answer[i] = InetAddress.getByName(addresses.get(i));
                }
                return answer;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    @Test
    void aNameResolvingOnlyToDeniedAddressesIsRefused() {
        GuardedDnsResolver resolver = new GuardedDnsResolver(POLICY, dns(Map.of("rebind.example", List.of("169.254.169.254"))));
        TargetRefusedException refused = assertThrows(TargetRefusedException.class, () -> resolver.resolve("rebind.example", 80));
        assertTrue(refused.getMessage().contains("169.254.169.254:80 (rebind.example)"), refused.getMessage());
    }

    @Test
    void onlyTheAllowedAddressesOfANameAreConnectedTo() throws Exception {
        GuardedDnsResolver resolver = new GuardedDnsResolver(POLICY,
                dns(Map.of("mixed.example", List.of("169.254.1.1", "93.184.215.14"))));
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("93.184.215.14"), 443)),
                resolver.resolve("mixed.example", 443));
    }

    @Test
    void literalAddressesAreJudgedWithoutALookUpInEverySpelling() throws Exception {
        GuardedDnsResolver resolver = new GuardedDnsResolver(POLICY, dns(Map.of()));
        for (String host : List.of("169.254.169.254", "[::ffff:169.254.169.254]", "0xa9fea9fe", "2852039166")) {
            assertThrows(TargetRefusedException.class, () -> resolver.resolve(host, 80), host);
        }
        assertThrows(TargetRefusedException.class, () -> resolver.resolve("127.0.0.1", 8080));
        assertEquals(1, resolver.resolve("127.0.0.1", 9000).size());
    }

    @Test
    void anUnknownNameIsAnUnknownHostNotARefusal() {
        GuardedDnsResolver resolver = new GuardedDnsResolver(POLICY, dns(Map.of()));
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> resolver.resolve("nowhere.example", 80));
        assertTrue(!(e instanceof TargetRefusedException), "retryable like any DNS failure");
    }
}
