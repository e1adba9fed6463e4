package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren.auth.enabled=false: every caller is an anonymous admin, still audited; Host and cross-site checks stay. */
class AuthDisabledIT {

    private static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.auth.enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    @Test
    void anyCallerIsAnAnonymousAdmin() {
        Http anonymous = warren.http.withoutKey();
        JsonNode me = anonymous.get("/api/whoami").json();
        assertFalse(me.path("authEnabled").asBoolean(true), me.toString());
        assertEquals("admin", me.path("role").asText());
        String queue = TestBroker.uniqueName("no-auth");
        assertEquals(201, anonymous.put("/api/queues/" + queue, "{}").status());
        assertEquals(204, anonymous.delete("/api/queues/" + queue).status());
        await("audited as anonymous").atMost(Duration.ofSeconds(10)).until(() -> anonymous.get("/api/audit").json()
                .path("items").findValuesAsText("keyName").contains("anonymous"));
    }

    @Test
    void hostAndCrossSiteChecksStay() {
        assertEquals(421, RawHttp.send(warren.port, "GET", "/api/queues", null, null, Map.of("Host", "evil.example")).status());
        Http.Response crossSite = warren.http.withoutKey().send("POST", "/api/queues/" + TestBroker.uniqueName("x") + "/purge",
                null, null, Map.of("Origin", "http://evil.example"));
        assertEquals(403, crossSite.status());
        assertTrue(crossSite.contentType().startsWith("application/problem+json"));
    }
}
