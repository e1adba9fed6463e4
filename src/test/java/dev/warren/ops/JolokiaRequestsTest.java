package dev.warren.ops;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JolokiaRequestsTest {

    private static List<JolokiaRequests.Request> post(String body) {
        return JolokiaRequests.ofPost(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsChangeNothing() {
        assertFalse(post("{\"type\":\"read\",\"mbean\":\"a:b=c\"}").get(0).changes());
        assertFalse(post("{\"type\":\"SEARCH\"}").get(0).changes());
        assertFalse(JolokiaRequests.ofGet("/read/a:b=c/X", null).get(0).changes());
        assertFalse(JolokiaRequests.ofGet("/version", null).get(0).changes());
        assertFalse(JolokiaRequests.ofGet("/", null).get(0).changes());
    }

    @Test
    void execWriteAndAnythingUnreadableMayChange() {
        assertTrue(post("{\"type\":\"exec\",\"mbean\":\"a:b=c\",\"operation\":\"stop()\"}").get(0).changes());
        assertEquals("a:b=c", post("{\"type\":\"exec\",\"mbean\":\"a:b=c\"}").get(0).target());
        assertTrue(post("[{\"type\":\"read\"},{\"type\":\"write\"}]").stream().anyMatch(JolokiaRequests.Request::changes));
        assertTrue(post("not json").get(0).changes());
        assertTrue(post("").get(0).changes());
        assertTrue(post("{}").get(0).changes());
        assertTrue(JolokiaRequests.ofGet("/exec/a:b=c/stop()", null).get(0).changes());
        assertTrue(JolokiaRequests.ofGet("/", "/exec/a:b=c/stop()").get(0).changes(), "the p parameter names the path");
        assertTrue(JolokiaRequests.ofGet("/notification/x", null).get(0).changes());
        assertTrue(JolokiaRequests.ofGet("//", "/exec/a:b=c/stop()").get(0).changes(), "slashes only: p names the path");
    }

    @Test
    void aPParameterBesideAPathIsIgnoredAsJolokiaIgnoresIt() {
        for (String p : new String[]{"/read/java.lang:type=Memory", "", "/version", "/"}) {
            assertTrue(JolokiaRequests.ofGet("/exec/a:b=c/stop()", p).get(0).changes(), "p=" + p);
            assertEquals("a:b=c", JolokiaRequests.ofGet("/exec/a:b=c/stop()", p).get(0).target(), "p=" + p);
        }
        assertTrue(JolokiaRequests.ofGet("/write/a:b=c/X/1", "/read/a:b=c").get(0).changes());
    }
}
