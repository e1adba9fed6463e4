package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.broker;
import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.security.SecurityFixtures.put;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Targets the shipped policy denies, in every spelling of their address: cloud metadata and link-local addresses,
 * 0.0.0.0 and warren's own port on loopback. Each is a 400 at PUT naming target.url, for a worker group and for a
 * topic's push subscriber alike, and nothing is called.
 */
class TargetAddressIT extends WarrenPerClass {

    private String queue;

    @BeforeEach
    void declare() {
        queue = declaredQueue(warren, "denied-target");
    }

    @AfterEach
    void delete() {
        deleteQueue(warren, queue);
    }

    private void assertRefused(String url) {
        JsonNode problem = assertInvalid(put(warren, queue, group("http", 1, url)), "target.url");
        assertProblem(warren.http.get("/api/queues/" + queue + "/workers"), 404);
        assertEquals(0, broker().consumers(queue), "no consumer for " + url + ": " + problem);
    }

    @Test
    void everySpellingOfTheCloudMetadataAddressIsRefused() {
        for (String host : List.of("169.254.169.254", "2852039166", "0xa9fea9fe", "0XA9FEA9FE", "0251.0376.0251.0376",
                "169.254.43518", "0251.254.169.254", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]",
                "[0:0:0:0:0:ffff:a9fe:a9fe]", "[fe80::1]", "[fd00:ec2::254]", "metadata.google.internal",
                "METADATA.GOOGLE.INTERNAL.")) {
            assertRefused("http://" + host + "/latest/meta-data/");
        }
    }

    @Test
    void theUnspecifiedAddressIsRefused() {
        assertRefused("http://0.0.0.0:" + warren.port + "/");
        assertRefused("http://0/");
        assertRefused("http://[::]:" + warren.port + "/");
    }

    @Test
    void warrensOwnPortOnLoopbackIsRefusedInEverySpelling() {
        for (String host : List.of("127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.0.0.2",
                "[::1]", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]")) {
            Http.Response response = put(warren, queue, group("http", 1, "http://" + host + ":" + warren.port
                    + "/api/queues/" + queue));
            assertInvalid(response, "target.url");
        }
        assertEquals(0, broker().consumers(queue), "no consumer");
    }

    @Test
    void warrensOwnPortOnThisMachinesOtherAddressesIsRefused() throws Exception {
        List<java.net.InetAddress> addresses = java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(addresses.isEmpty(), "this machine has only loopback");
        for (java.net.InetAddress address : addresses) {
            String host = address instanceof java.net.Inet6Address ? "[" + address.getHostAddress().replaceAll("%.*", "") + "]"
                    : address.getHostAddress();
            String url = "http://" + host + ":" + warren.port + "/api/queues/" + queue + "/tasks";
            JsonNode problem = assertInvalid(put(warren, queue, group("http", 1, url)), "target.url");
            assertTrue(problem.toString().contains("warren itself"), problem.toString());
            int otherPort = warren.port == 65535 ? 65534 : warren.port + 1;
            Http.Response other = put(warren, queue, group("http", 1, "http://" + host + ":" + otherPort + "/hook"));
            assertEquals(200, other.status(), "another port of the same address stays allowed: " + other.body());
            assertEquals(204, warren.http.delete("/api/queues/" + queue + "/workers").status());
        }
    }

    @Test
    void loopbackOnAnotherPortStaysAllowedForLocalDevelopment() {
        try (TargetServer target = TargetServer.start()) {
            assertEquals(200, put(warren, queue, group("http", 1, target.url())).status());
        }
    }

    @Test
    void aUrlWithUserinfoIsRefused() {
        JsonNode problem = assertInvalid(put(warren, queue, group("http", 1, "http://user:secret@example.com/hook")),
                "target.url");
        assertTrue(!problem.toString().contains("secret"), "the password is not echoed: " + problem);
    }

    @Test
    void aSchemeOtherThanHttpOrHttpsIsRefused() {
        for (String url : List.of("file:///etc/passwd", "ftp://example.com/", "log:x", "spring-rabbitmq:default",
                "jar:http://example.com/x.jar!/", "HTTP:example.com")) {
            assertRefused(url);
        }
    }

    @Test
    void aPushSubscriberWithADeniedTargetIsRefused() {
        String topic = TestBroker.uniqueName("denied-push");
        assertEquals(201, warren.http.put("/api/topics/" + topic, "{}").status());
        try {
            Http.Response subscribed = warren.http.post("/api/topics/" + topic + "/subscribers", "{\"id\": \"hook\"}");
            assertEquals(201, subscribed.status(), subscribed.body());
            String subscriberQueue = topic + ".hook";
            for (String url : List.of("http://169.254.169.254/", "http://0xa9fea9fe/", "http://[::ffff:169.254.169.254]/")) {
                assertInvalid(warren.http.put("/api/queues/" + subscriberQueue + "/workers",
                        Http.json(Map.of("count", 1, "type", "http", "target", Map.of("url", url)))), "target.url");
            }
            assertEquals(0, broker().consumers(subscriberQueue), "no consumer on the subscriber's queue");
        } finally {
            warren.http.delete("/api/topics/" + topic);
        }
    }
}
