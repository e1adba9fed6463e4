package dev.warren.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which URLs and addresses warren may call, under the default rules and under rules an operator sets. */
class TargetPolicyTest {

    /** The default deny list of application.properties, with warren on port 8080. */
    static final String DEFAULT_DENIED = "169.254.0.0/16,[fe80::/10],[fd00:ec2::254/128],0.0.0.0/8,"
            + "metadata.google.internal,127.0.0.0/8:8080,[::1]:8080,[::]:8080";
    private final TargetPolicy defaults = TargetPolicy.of(DEFAULT_DENIED, null, false);
    private final TargetPolicy noLoopback = TargetPolicy.of(DEFAULT_DENIED + ",127.0.0.0/8,[::1]", null, false);

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "https://api.example.com:8443/a?b=c", "HTTP://example.com/",
            "HtTpS://example.com/", "http://127.0.0.1:9000/hook", "http://localhost:9000/", "http://[::1]:9000/",
            "http://10.1.2.3/x", "http://192.168.1.10/", "http://example.com/?customHostHeader=x&httpClientConfigurer=y"})
    void ordinaryTargetsIncludingLoopbackAndPrivateOnesAreAllowedByDefault(String url) {
        assertEquals(Optional.empty(), defaults.urlViolation(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "mailto:a@example.com", "example.com/hook",
            "//example.com/hook", "http:///path", "http:example.com", "jar:http://example.com/a.jar!/",
            "http://example.com/{{env:HOME}}", "http://exa mple.com/", "http://example.com/#frag"})
    void anythingButAnAbsoluteHttpUrlWithAHostIsRefused(String url) {
        assertTrue(defaults.urlViolation(url).isPresent(), url);
    }

    @Test
    void userinfoIsRefusedUnlessAllowed() {
        assertTrue(defaults.urlViolation("http://user:secret@example.com/").isPresent());
        assertTrue(defaults.urlViolation("http://user@example.com/").isPresent());
        assertEquals(Optional.empty(), TargetPolicy.of(DEFAULT_DENIED, null, true).urlViolation("http://user:secret@example.com/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0xa9fea9fe/",
            "http://0xA9FEA9FE/", "http://0251.0376.0251.0376/", "http://169.254.43518/", "http://169.16689662/",
            "http://0251.254.169.254/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
            "http://[::169.254.169.254]/", "http://[fe80::1]/", "http://[FE80::1]/", "http://[fd00:ec2::254]/",
            "http://metadata.google.internal/", "http://METADATA.google.internal./computeMetadata/v1/",
            "http://0.0.0.0:9000/", "http://0/", "http://127.0.0.1:8080/api/queues", "http://127.1:8080/",
            "http://2130706433:8080/", "http://0x7f000001:8080/", "http://0177.0.0.1:8080/", "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]:8080/", "http://[::]:8080/"})
    void everySpellingOfADeniedAddressIsDeniedByDefault(String url) {
        assertTrue(defaults.urlViolation(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
            "http://0177.0.0.1/", "http://0x7f.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[0:0:0:0:0:ffff:7f00:1]/", "http://[::127.0.0.1]/", "http://127.255.255.254:9000/"})
    void loopbackInEverySpellingIsDeniedWhenTheOperatorDeniesIt(String url) {
        assertTrue(noLoopback.urlViolation(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://256.1.1.1/", "http://1.2.3.4.5/", "http://0x100000000/", "http://4294967296/",
            "http://1.2.3.09/", "http://example.123/"})
    void aHostThatLooksNumericButIsNoIpv4AddressIsRefused(String url) {
        assertTrue(defaults.urlViolation(url).isPresent(), url);
    }

    @Test
    void hostNameRulesMatchTheNameOrItsSubdomainsWhenTheyStartWithADot() {
        TargetPolicy policy = TargetPolicy.of("internal.example.com,.corp.example", null, false);
        assertTrue(policy.urlViolation("http://internal.example.com/").isPresent());
        assertEquals(Optional.empty(), policy.urlViolation("http://a.internal.example.com/"));
        assertTrue(policy.urlViolation("http://corp.example/").isPresent());
        assertTrue(policy.urlViolation("http://db.eu.corp.example/").isPresent());
        assertEquals(Optional.empty(), policy.urlViolation("http://notcorp.example/"));
    }

    @Test
    void aRuleWithAPortDeniesOnlyThatPort() {
        TargetPolicy policy = TargetPolicy.of("127.0.0.1:15672,broker.local:15672", null, false);
        assertTrue(policy.urlViolation("http://127.0.0.1:15672/api/overview").isPresent());
        assertEquals(Optional.empty(), policy.urlViolation("http://127.0.0.1:15673/"));
        assertTrue(policy.urlViolation("http://broker.local:15672/").isPresent());
        assertEquals(Optional.empty(), policy.urlViolation("http://broker.local/"));
    }

    @Test
    void theDefaultPortOfTheSchemeIsTheOneJudged() {
        TargetPolicy policy = TargetPolicy.of("10.0.0.1:443", null, false);
        assertTrue(policy.urlViolation("https://10.0.0.1/").isPresent());
        assertEquals(Optional.empty(), policy.urlViolation("http://10.0.0.1/"));
    }

    @Test
    void withAnAllowListOnlyMatchingTargetsPassAndTheDenyListStillWins() {
        TargetPolicy policy = TargetPolicy.of("10.0.0.66", "10.0.0.0/24,api.example.com", false);
        assertEquals(Optional.empty(), policy.urlViolation("http://10.0.0.5/"));
        assertEquals(Optional.empty(), policy.urlViolation("https://api.example.com/"));
        assertTrue(policy.urlViolation("http://10.0.1.5/").isPresent());
        assertTrue(policy.urlViolation("http://10.0.0.66/").isPresent());
    }

    @Test
    void aHostNameIsJudgedByNameWhenGivenAndByEachAddressItResolvesToAtConnectTime() throws Exception {
        TargetPolicy policy = TargetPolicy.of("127.0.0.0/8", null, false);
        assertEquals(Optional.empty(), policy.urlViolation("http://localhost:9000/"), "names are not resolved when given");
        assertTrue(policy.addressViolation("localhost", InetAddress.getByName("127.0.0.1"), 9000).isPresent());
        assertEquals(Optional.empty(), policy.addressViolation("example.com", InetAddress.getByName("93.184.215.14"), 443));
    }

    @Test
    void anAllowListOfNamesAllowsTheirAddressesAtConnectTime() throws Exception {
        TargetPolicy policy = TargetPolicy.of("", "api.example.com", false);
        assertEquals(Optional.empty(), policy.addressViolation("api.example.com", InetAddress.getByName("10.9.9.9"), 443));
        assertTrue(policy.addressViolation("other.example.com", InetAddress.getByName("10.9.9.9"), 443).isPresent());
    }

    @Test
    void anIpv4MappedAddressAtConnectTimeIsJudgedAsItsIpv4Address() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                (byte) 169, (byte) 254, (byte) 169, (byte) 254});
        assertTrue(defaults.addressViolation("evil.example", mapped, 80).isPresent());
    }

    @Test
    void theReasonNamesTheAddressAndTheProperty() {
        String reason = defaults.urlViolation("http://0xa9fea9fe/").orElseThrow();
        assertTrue(reason.contains("169.254.169.254:80"), reason);
        assertTrue(reason.contains("warren.delivery.denied-targets"), reason);
    }

    @Test
    void anIpv6AddressInAReasonIsWrittenShortAndInBracketsSoThatItsPortStandsApart() {
        String reason = noLoopback.urlViolation("http://[0:0:0:0:0:0:0:1]:9000/").orElseThrow();
        assertTrue(reason.contains("target [::1]:9000 is denied"), reason);
        reason = defaults.urlViolation("http://[FE80:0:0:0:0:0:0:1]/").orElseThrow();
        assertTrue(reason.contains("target [fe80::1]:80 is denied"), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a rule", "10.0.0.0/33", "[::1", "example.com:http", "10.0.0.1:0", ".10.0.0.1",
            "example.com/8", "[fe80::/129]"})
    void aListEntryThatIsNoRuleStopsStartUpNamingIt(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetPolicy.of(entry, null, false));
        assertTrue(e.getMessage().contains(entry), e.getMessage());
    }

    @Test
    void blankListsHaveNoRules() {
        assertEquals(Optional.empty(), TargetPolicy.of(" ", " , ", false).urlViolation("http://169.254.169.254/"));
        assertFalse(TargetPolicy.of("169.254.0.0/16", "", false).urlViolation("http://169.254.1.1/").isEmpty());
    }

    @Test
    void warrensOwnPortIsRefusedOnEveryAddressOfThisMachineAndOtherPortsThereStayAllowed() throws Exception {
        InetAddress own = InetAddress.getByName("192.0.2.2");
        TargetPolicy policy = defaults.refusingOwnPort(8080, own::equals);
        String reason = policy.urlViolation("http://192.0.2.2:8080/api/queues/q/tasks").orElseThrow();
        assertTrue(reason.contains("warren itself"), reason);
        assertTrue(policy.addressViolation("warren.example", own, 8080).isPresent(), "also when a name resolves to it");
        assertEquals(Optional.empty(), policy.urlViolation("http://192.0.2.2:9000/hook"), "another port of this machine");
        assertEquals(Optional.empty(), policy.urlViolation("http://192.0.2.3:8080/hook"), "another machine's 8080");
        assertEquals(Optional.empty(), defaults.urlViolation("http://192.0.2.2:8080/"), "without the own port: the lists");
    }

    @Test
    void thisMachineIsItsLoopbackWildcardAndInterfaceAddresses() throws Exception {
        assertTrue(TargetPolicy.isThisMachine(InetAddress.getByName("127.0.0.5")));
        assertTrue(TargetPolicy.isThisMachine(InetAddress.getByName("::")));
        assertFalse(TargetPolicy.isThisMachine(InetAddress.getByName("192.0.2.254")), "a documentation address");
        java.util.List<InetAddress> interfaces = java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses).toList();
        for (InetAddress address : interfaces) {
            assertTrue(TargetPolicy.isThisMachine(address), address.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://xn--nxasmq6b/", "http://xn--bcher-kva.example/", "http://www.XN--kln-sna.de/",
            "http://a.xn--p1ai/"})
    void internationalisedHostNamesAreRefusedClearlySinceTheClientCannotCallThem(String url) {
        String reason = defaults.urlViolation(url).orElseThrow();
        assertTrue(reason.contains("xn--") && !reason.contains("Exception"), reason);
        assertEquals(Optional.empty(), defaults.urlViolation("http://axn--b.example/"), "xn-- inside a label is not IDNA");
    }
}
