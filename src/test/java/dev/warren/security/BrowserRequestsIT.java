package dev.warren.security;

import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Browsers cannot be turned against warren: no answer under a foreign Host name, no state change from another site. */
class BrowserRequestsIT extends WarrenPerClass {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("me:" + RunningWarren.ADMIN_KEY)
            .getBytes(StandardCharsets.UTF_8));

    @Test
    void aForeignHostNameIsRefused() {
        Http.Response rebound = RawHttp.send(warren.port, "GET", "/api/queues", null, null, Map.of("Host", "evil.example"));
        assertEquals(421, rebound.status(), rebound.body());
        assertEquals("application/problem+json", rebound.contentType());
        Http.Response withPort = RawHttp.send(warren.port, "GET", "/api/queues", null, null,
                Map.of("Host", "evil.example:" + warren.port));
        assertEquals(421, withPort.status());
        assertEquals(200, RawHttp.send(warren.port, "GET", "/api/queues", null, null,
                Map.of("Host", "127.0.0.1:" + warren.port)).status());
    }

    @Test
    void probesAndScrapesThatNameThePodsAddressGetThrough() {
        for (String host : new String[] {"10.244.1.7:8080", "10.244.1.7", "[fd00:10:244::7]:8080", "[::2]"}) {
            for (String path : new String[] {"/observe/health/ready", "/observe/health/live", "/observe/metrics"}) {
                Http.Response probe = RawHttp.send(warren.port, "GET", path, null, null, Map.of("Host", host));
                assertEquals(200, probe.status(), host + " " + path + ": " + probe.body());
            }
        }
        assertEquals(421, RawHttp.send(warren.port, "GET", "/observe/health/ready", null, null,
                Map.of("Host", "10.244.1.7.nip.io:8080")).status(), "a host name not listed still gets 421");
    }

    @Test
    void aCrossSitePurgeWithCachedBasicCredentialsChangesNothing() {
        String queue = declaredQueue(warren, "cross-site");
        try {
            publish(warren, queue, Map.of("n", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestBroker.get().ready(queue) == 1);
            Http.Response crossSite = RawHttp.send(warren.port, "POST", "/api/queues/" + queue + "/purge", "x", "text/plain",
                    Map.of("Authorization", BASIC, "Origin", "http://evil.example"));
            assertEquals(403, crossSite.status(), crossSite.body());
            Http.Response fetchMetadata = RawHttp.send(warren.port, "POST", "/api/queues/" + queue + "/purge", null, null,
                    Map.of("Authorization", BASIC, "Sec-Fetch-Site", "cross-site"));
            assertEquals(403, fetchMetadata.status(), fetchMetadata.body());
            assertEquals(1, TestBroker.get().ready(queue), "nothing purged");
            Http.Response sameOrigin = RawHttp.send(warren.port, "POST", "/api/queues/" + queue + "/purge", null, null,
                    Map.of("Authorization", BASIC, "Origin", "http://localhost"));
            assertEquals(200, sameOrigin.status(), sameOrigin.body());
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void aPageOfAnotherSiteCannotTakeASubscribersMessagesWithAGet() {
        String topic = TestBroker.uniqueName("cross-site-topic");
        try {
            assertEquals(201, warren.http.put("/api/topics/" + topic, null).status());
            assertEquals(201, warren.http.post("/api/topics/" + topic + "/subscribers", "{\"id\": \"s\"}").status());
            assertEquals(202, warren.http.post("/api/topics/" + topic + "/messages", "{\"payload\": {\"n\": 1}}").status());
            String pull = "/api/topics/" + topic + "/subscribers/s/messages";
            // what an <img src> of another site sends: a GET with fetch metadata and no Origin
            Http.Response image = RawHttp.send(warren.port, "GET", pull, null, null,
                    Map.of("Authorization", BASIC, "Sec-Fetch-Site", "cross-site"));
            assertEquals(403, image.status(), image.body());
            Http.Response own = warren.http.get(pull);
            assertEquals(1, own.json().path("items").size(), "the message is still there: " + own.body());
        } finally {
            warren.http.delete("/api/topics/" + topic);
        }
    }

    @Test
    void keysAreNotTakenFromTheQueryStringOrCookies() {
        Http.Response query = warren.http.withoutKey().get("/api/queues?access_token=" + RunningWarren.ADMIN_KEY);
        assertEquals(401, query.status());
        Http.Response cookie = warren.http.withoutKey().send("GET", "/api/queues", null, null,
                Map.of("Cookie", "key=" + RunningWarren.ADMIN_KEY));
        assertEquals(401, cookie.status());
    }
}
