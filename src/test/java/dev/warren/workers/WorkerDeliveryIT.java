package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.workers.WorkerFixtures.awaitDrained;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker group of type http delivers every task of its queue to the target, as the contract's Delivery says. */
class WorkerDeliveryIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** warren signs deliveries with this Standard Webhooks secret in this class. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.delivery.signing-secret", SECRET));
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void eightConsumersDeliverAThousandTasksEachExactlyOnce() throws Exception {
        String queue = declaredQueue(warren, "deliver");
        try (TargetServer target = TargetServer.start()) {
            Map<String, Object> targetSpec = new LinkedHashMap<>();
            targetSpec.put("url", target.url());
            targetSpec.put("headers", Map.of("X-Key", "k"));
            Map<String, Object> retry = Map.of("maxAttempts", 3, "backoffMs", 200);
            long requested = System.nanoTime();
            JsonNode view = putGroup(warren, queue, WorkerFixtures.httpGroup(8, targetSpec, retry));

            assertEquals(queue, view.path("queue").asText(), view.toString());
            assertEquals("http", view.path("type").asText(), view.toString());
            assertEquals(8, view.path("count").asInt(), view.toString());
            assertEquals("running", view.path("state").asText(), view.toString());
            assertEquals(1, view.path("prefetch").asInt(), "default prefetch: " + view);
            assertEquals(target.url(), view.path("target").path("url").asText(), view.toString());
            assertEquals("POST", view.path("target").path("method").asText(), "default method: " + view);
            assertEquals("***", view.path("target").path("headers").path("X-Key").asText(), "shown masked: " + view);
            assertEquals(10_000, view.path("target").path("timeoutMs").asLong(), "default timeout: " + view);
            assertEquals(3, view.path("retry").path("maxAttempts").asInt(), view.toString());
            assertEquals(200, view.path("retry").path("backoffMs").asLong(), view.toString());
            assertEquals(2.0, view.path("retry").path("backoffMultiplier").asDouble(), "default multiplier: " + view);
            assertEquals(300_000, view.path("retry").path("maxBackoffMs").asLong(), "default cap: " + view);
            awaitConsumers(queue, 8, Duration.ofMillis(2000).minusNanos(System.nanoTime() - requested));

            List<Map<String, Object>> payloads = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                payloads.add(Map.of("n", i, "name", "task-" + i, "tags", List.of("a", "b"), "price", 12.5));
            }
            long before = Instant.now().getEpochSecond();
            List<String> ids = publishBatch(warren, queue, payloads);
            Map<String, Map<String, Object>> payloadById = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                payloadById.put(ids.get(i), payloads.get(i));
            }

            await("1000 tasks at the target").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> target.countByWebhookId().size() >= 1000);
            awaitDrained(warren, queue, Duration.ofSeconds(10));
            await("counters settle").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("processed").asLong() == 1000);
            long after = Instant.now().getEpochSecond();

            Map<String, Long> counts = target.countByWebhookId();
            assertEquals(new HashSet<>(ids), counts.keySet(), "exactly the published tasks reached the target");
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
            assertEquals(1000, target.requests().size(), "one request per task");
            byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
            for (TargetServer.Request request : target.requests()) {
                String id = request.webhookId();
                assertEquals("POST", request.method(), id);
                assertEquals("/hook", request.path(), id);
                assertEquals(MAPPER.valueToTree(payloadById.get(id)), MAPPER.readTree(request.body()), "body of " + id);
                assertNotNull(request.header("Content-Type"), id);
                assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
                assertEquals("k", request.header("X-Key"), "target header of " + id);
                assertEquals(queue, request.header("X-Warren-Queue"), id);
                assertEquals("1", request.header("X-Warren-Attempt"), id);
                long timestamp = Long.parseLong(request.header("webhook-timestamp"));
                assertTrue(timestamp >= before - 1 && timestamp <= after + 1, "webhook-timestamp " + timestamp + " of " + id);
                assertEquals(signature(key, id, timestamp, request.body()), request.header("webhook-signature"),
                        "webhook-signature of " + id);
            }

            JsonNode done = group(warren, queue);
            assertEquals(1000, done.path("processed").asLong(), done.toString());
            assertEquals(1000, done.path("succeeded").asLong(), done.toString());
            assertEquals(0, done.path("failed").asLong(), done.toString());
            assertEquals(0, done.path("inFlight").asLong(), done.toString());
            assertEquals(0, broker().ready(queue), "queue empty");
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
            assertEquals(8, broker().consumers(queue), "the group keeps consuming");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void theGroupIsListedWithItsQueueAndReachesTheTargetWithTheConfiguredMethod() throws Exception {
        String queue = declaredQueue(warren, "deliver-put");
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.status(204))) {
            Map<String, Object> targetSpec = new LinkedHashMap<>();
            targetSpec.put("url", target.url("/orders/process?source=warren"));
            targetSpec.put("method", "put");
            putGroup(warren, queue, WorkerFixtures.httpGroup(2, targetSpec, null));

            JsonNode list = warren.http.get("/api/workers").json();
            List<String> listed = new ArrayList<>();
            list.path("items").forEach(item -> listed.add(item.path("queue").asText()));
            assertTrue(listed.contains(queue), "GET /api/workers lists " + queue + ": " + list);
            JsonNode queueView = warren.http.get("/api/queues/" + queue).json();
            assertEquals("http", queueView.path("workers").path("type").asText(), "the queue view shows its group: " + queueView);

            List<String> ids = publishBatch(warren, queue, List.of(List.of(1, 2, 3), "h\u00e9llo \u2713 \u65e5\u672c", 42, Map.of()));
            await("4 tasks at the target").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() >= 4);
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            for (TargetServer.Request request : target.requests()) {
                assertEquals("PUT", request.method(), request.toString());
                assertEquals("/orders/process", request.path());
                assertEquals("source=warren", request.query(), "the URL's own query reaches the target, nothing more");
            }
            assertEquals(MAPPER.readTree("[1,2,3]"), MAPPER.readTree(target.attemptsOf(ids.get(0)).get(0).body()));
            assertEquals(MAPPER.readTree("\"h\u00e9llo \u2713 \u65e5\u672c\""), MAPPER.readTree(target.attemptsOf(ids.get(1)).get(0).body()));
            assertEquals(MAPPER.readTree("42"), MAPPER.readTree(target.attemptsOf(ids.get(2)).get(0).body()));
            assertEquals(MAPPER.readTree("{}"), MAPPER.readTree(target.attemptsOf(ids.get(3)).get(0).body()));
            await("counters").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == 4);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void replacingTheTargetOfARunningGroupSendsLaterTasksToTheNewOne() {
        String queue = declaredQueue(warren, "deliver-replace");
        try (TargetServer first = TargetServer.start(); TargetServer second = TargetServer.start()) {
            putGroup(warren, queue, WorkerFixtures.httpGroup(3, first.url(), null));
            awaitConsumers(queue, 3, Duration.ofSeconds(2));
            List<String> before = publishBatch(warren, queue, List.of(Map.of("n", 1), Map.of("n", 2)));
            await("tasks at the first target").atMost(Duration.ofSeconds(5)).until(() -> first.requests().size() == 2);

            JsonNode replaced = putGroup(warren, queue, WorkerFixtures.httpGroup(2, second.url(), null));
            assertEquals(second.url(), replaced.path("target").path("url").asText(), replaced.toString());
            awaitConsumers(queue, 2, Duration.ofSeconds(2));
            List<String> after = publishBatch(warren, queue, List.of(Map.of("n", 3), Map.of("n", 4)));
            await("tasks at the second target").atMost(Duration.ofSeconds(5)).until(() -> second.requests().size() == 2);
            awaitDrained(warren, queue, Duration.ofSeconds(5));

            assertEquals(new HashSet<>(before), first.countByWebhookId().keySet());
            assertEquals(new HashSet<>(after), second.countByWebhookId().keySet());
            assertEquals(2, first.requests().size(), "nothing more went to the old target");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aTaskPublishedByAnotherClientIsDeliveredToo() {
        String queue = declaredQueue(warren, "deliver-foreign");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, WorkerFixtures.httpGroup(1, target.url(), null));
            broker().publish(queue, "{\"from\":\"elsewhere\"}");
            await("the task at the target").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() == 1);
            TargetServer.Request request = target.requests().get(0);
            assertEquals("{\"from\":\"elsewhere\"}", request.body());
            assertNotNull(request.webhookId(), "a webhook-id even without a message id");
            assertEquals("1", request.header("X-Warren-Attempt"));
            awaitDrained(warren, queue, Duration.ofSeconds(5));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aGroupDeliversToTheTargetWithAsManyParallelCallsAsItHasConsumers() {
        String queue = declaredQueue(warren, "deliver-parallel");
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.ok().after(400))) {
            putGroup(warren, queue, WorkerFixtures.httpGroup(20, target.url(), null));
            awaitConsumers(queue, 20, Duration.ofSeconds(2));
            List<Map<String, Object>> payloads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                payloads.add(Map.of("n", i));
            }
            publishBatch(warren, queue, payloads);
            await("40 tasks at the target").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() == 40);
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            assertEquals(20, target.maxConcurrent(),
                    "20 consumers make 20 calls at once (no connection pool cap below the group's count)");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    /** HMAC-SHA256 of "{id}.{timestamp}.{body}", computed here independently of warren. */
    private static String signature(byte[] key, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
