package dev.warren.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JolokiaOriginTest {

    private static final List<String> ALLOWED = List.of("https://hawtio.example.com:8443");

    @Test
    void aRequestWithoutOriginOrRefererIsNotABrowserPagesAndPasses() {
        assertTrue(JolokiaEndpoint.originAllowed(null, null, List.of()));
        assertTrue(JolokiaEndpoint.originAllowed(null, "none", List.of()), "typed in the address bar");
    }

    @Test
    void aPageThatHidesItsReferrerIsStillAPage() {
        for (String site : List.of("cross-site", "same-site", "same-origin", "CROSS-SITE")) {
            assertFalse(JolokiaEndpoint.originAllowed(null, site, List.of("https://hawtio.example.com")), site);
        }
    }

    @Test
    void aListedOriginPassesWhateverTheCaseAndAPageOfItAsReferer() {
        assertTrue(JolokiaEndpoint.originAllowed("https://hawtio.example.com:8443", null, ALLOWED));
        assertTrue(JolokiaEndpoint.originAllowed("HTTPS://Hawtio.Example.com:8443", null, ALLOWED));
        assertTrue(JolokiaEndpoint.originAllowed("https://hawtio.example.com:8443/hawtio/camel?x=1", null, ALLOWED));
    }

    @Test
    void anyOtherOriginIsRefusedEvenTheSameHostOnAnotherPortOrScheme() {
        for (String origin : new String[] {"https://evil.example", "http://hawtio.example.com:8443",
                "https://hawtio.example.com", "https://hawtio.example.com:8443.evil.example", "null", "", "%zz://x"}) {
            assertFalse(JolokiaEndpoint.originAllowed(origin, null, ALLOWED), origin);
        }
        assertFalse(JolokiaEndpoint.originAllowed("http://localhost:8080", null, List.of()), "none listed, none allowed");
    }
}
