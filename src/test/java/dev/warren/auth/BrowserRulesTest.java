package dev.warren.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserRulesTest {

    private final BrowserRules rules = new BrowserRules(List.of("localhost", "127.0.0.1", "[::1]", "warren.example.com"));

    @Test
    void aListedHostIsAllowedWithOrWithoutPort() {
        assertTrue(rules.hostAllowed("localhost:8080"));
        assertTrue(rules.hostAllowed("LOCALHOST"));
        assertTrue(rules.hostAllowed("127.0.0.1:1"));
        assertTrue(rules.hostAllowed("[::1]:8080"));
        assertTrue(rules.hostAllowed("warren.example.com."));
    }

    @Test
    void anyOtherHostIsRefused() {
        assertFalse(rules.hostAllowed("evil.example"));
        assertFalse(rules.hostAllowed("evil.example:8080"));
        assertFalse(rules.hostAllowed("localhost.evil.example"));
        assertFalse(rules.hostAllowed(null));
        assertFalse(rules.hostAllowed(""));
        assertFalse(rules.hostAllowed("10.244.1.7.nip.io"), "a name that starts like an address");
        assertFalse(rules.hostAllowed("[fe80::1%eth0]"));
        assertFalse(rules.hostAllowed("256.1.1.1"));
        assertFalse(rules.hostAllowed("[evil.example]"));
    }

    @Test
    void anIpAddressIsAllowedWithoutBeingListed() {
        // what Kubernetes probes, load balancers and scrapes by pod IP send: a rebound page would send its own name
        assertTrue(rules.hostAllowed("10.244.1.7:8080"));
        assertTrue(rules.hostAllowed("10.244.1.7"));
        assertTrue(rules.hostAllowed("[fd00:10:244::7]:8080"));
        assertTrue(rules.hostAllowed("[::2]"));
        assertTrue(new BrowserRules(List.of("warren.example.com")).hostAllowed("192.168.0.10:80"));
    }

    @Test
    void aStarAllowsAnyHost() {
        assertTrue(new BrowserRules(List.of("*")).hostAllowed("evil.example"));
    }

    @Test
    void aStateChangeFromAnotherOriginIsCrossSite() {
        assertTrue(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", "http://evil.example", null, null));
        assertTrue(BrowserRules.crossSiteStateChange("DELETE", true, "localhost:8080", "http://localhost:9999", null, null));
        assertTrue(BrowserRules.crossSiteStateChange("PUT", true, "localhost:8080", "null", null, null));
        assertTrue(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", null, null, "cross-site"));
        assertTrue(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", null, null, "same-site"));
        assertTrue(BrowserRules.crossSiteStateChange("GET", true, "localhost:8080", null, "http://evil.example/page", null),
                "a GET that takes messages from a browser without fetch metadata, its Referer naming the page");
        assertFalse(BrowserRules.crossSiteStateChange("GET", true, "localhost:8080", null, "http://localhost:8080/ui/", null));
        assertTrue(BrowserRules.crossSiteStateChange("GET", true, "localhost:8080", null, null, "cross-site"),
                "a GET that takes messages, from an <img> of another site");
        assertTrue(BrowserRules.crossSiteStateChange("POST", false, "localhost:8080", "http://evil.example", null, null),
                "a POST whose body decides (Jolokia)");
    }

    @Test
    void readsSameOriginAndNonBrowserRequestsAreNot() {
        assertFalse(BrowserRules.crossSiteStateChange("GET", false, "localhost:8080", "http://evil.example", null, "cross-site"));
        assertFalse(BrowserRules.crossSiteStateChange("OPTIONS", false, "localhost:8080", "http://evil.example", null, null));
        assertFalse(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", "http://localhost:8080", null, null));
        assertFalse(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", null, null, "same-origin"));
        assertFalse(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", null, null, "none"));
        assertFalse(BrowserRules.crossSiteStateChange("POST", true, "localhost:8080", null, null, null));
    }
}
