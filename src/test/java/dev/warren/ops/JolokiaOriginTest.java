package dev.warren.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JolokiaOriginTest {

    private static final List<String> ALLOWED = List.of("https://hawtio.example.com:8443");

    @Test
    void aRequestWithoutOriginOrRefererIsNotABrowserPagesAndPasses() {
        assertTrue(JolokiaEndpoint.originAllowed(null, List.of()));
    }

    @Test
    void aListedOriginPassesWhateverTheCaseAndAPageOfItAsReferer() {
        assertTrue(JolokiaEndpoint.originAllowed("https://hawtio.example.com:8443", ALLOWED));
        assertTrue(JolokiaEndpoint.originAllowed("HTTPS://Hawtio.Example.com:8443", ALLOWED));
        assertTrue(JolokiaEndpoint.originAllowed("https://hawtio.example.com:8443/hawtio/camel?x=1", ALLOWED));
    }

    @Test
    void anyOtherOriginIsRefusedEvenTheSameHostOnAnotherPortOrScheme() {
        for (String origin : new String[] {"https://evil.example", "http://hawtio.example.com:8443",
                "https://hawtio.example.com", "https://hawtio.example.com:8443.evil.example", "null", "", "%zz://x"}) {
            assertFalse(JolokiaEndpoint.originAllowed(origin, ALLOWED), origin);
        }
        assertFalse(JolokiaEndpoint.originAllowed("http://localhost:8080", List.of()), "none listed, none allowed");
    }
}
