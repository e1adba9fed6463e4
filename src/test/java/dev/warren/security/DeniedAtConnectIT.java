package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.broker;
import static dev.warren.security.SecurityFixtures.deadLetter;
import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.security.SecurityFixtures.header;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host name is judged again by the address warren actually connects to (DNS rebinding): with loopback denied,
 * a target named "localhost" is accepted at PUT (names are not resolved then), but its deliveries are refused at
 * connect time and dead-lettered at once with x-warren-error saying why, and the target hears nothing.
 */
class DeniedAtConnectIT {

    static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.delivery.denied-targets",
                SecurityFixtures.shippedDeniedTargets() + ",127.0.0.0/8,[::1]"));
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    @Test
    void aNameThatResolvesToADeniedAddressIsRefusedAtConnectTimeAndItsTaskDeadLettered() {
        String queue = declaredQueue(warren, "rebinding");
        try (TargetServer target = TargetServer.start()) {
            String url = target.url("/hook").replace("127.0.0.1", "localhost");
            Map<String, Object> spec = group("http", 1, url);
            spec.put("retry", Map.of("maxAttempts", 5, "backoffMs", 100));
            putGroup(warren, queue, spec);
            String id = publish(warren, queue, Map.of("order", 7));

            Message dead = deadLetter(queue, Duration.ofSeconds(15));
            assertEquals(id, dead.getMessageProperties().getMessageId(), "the dead letter is the task");
            assertEquals("{\"order\":7}", new String(dead.getBody(), StandardCharsets.UTF_8), "unaltered");
            String error = header(dead, "x-warren-error");
            assertTrue(error != null && error.startsWith("target refused") && error.contains("denied-targets"),
                    "x-warren-error says why: " + error);
            assertTrue(error.contains("localhost"), "and names the host: " + error);
            assertEquals("1", header(dead, "x-warren-attempts"), "refused at once, never retried");
            assertEquals(List.of(), target.requests(), "the target heard nothing");
            await("the job failed").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode job = warren.http.get("/api/jobs/" + id).json();
                assertEquals("failed", job.path("status").asText(), job.toString());
            });
            assertEquals(0, broker().ready(queue), "the task left its queue");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aLiteralLoopbackTargetIsRefusedAtPut() {
        String queue = declaredQueue(warren, "literal-loopback");
        try (TargetServer target = TargetServer.start()) {
            for (String host : List.of("127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::1]",
                    "[::ffff:127.0.0.1]", "[::ffff:7f00:1]")) {
                String url = target.url("/hook").replace("127.0.0.1", host);
                dev.warren.support.Problems.assertInvalid(SecurityFixtures.put(warren, queue, group("http", 1, url)),
                        "target.url");
            }
            assertEquals(List.of(), target.requests(), "the target heard nothing");
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
