package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static dev.warren.workers.WorkerFixtures.retry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group's circuit breaker against a target that answers 503 for a 30 s outage: it opens after the configured run of
 * failures, tasks wait on the broker without using attempts, probes find the target back, and everything is delivered.
 */
class CircuitBreakerIT extends WarrenPerClass {

    private static final int TASKS = 20;
    private static final int THRESHOLD = 3;

    @Test
    void anOutageFarLongerThanTheRetriesDeadLettersNothingAndEveryTaskIsDeliveredAfterIt() throws Exception {
        String queue = declaredQueue(warren, "breaker-outage");
        AtomicBoolean recovered = new AtomicBoolean();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (TargetServer target = TargetServer.start(request -> {
            if (!recovered.get()) {
                return Answer.status(503);
            }
            delivered.add(request.webhookId());
            return Answer.ok();
        })) {
            Map<String, Object> spec = httpGroup(2, target.url(), retry(3, 500));
            Map<String, Object> breaker = new LinkedHashMap<>();
            breaker.put("failureThreshold", THRESHOLD);
            breaker.put("coolOffMs", 1000);
            breaker.put("maxCoolOffMs", 4000);
            spec.put("circuitBreaker", breaker);
            JsonNode created = putGroup(warren, queue, spec);
            assertEquals(0.5, created.path("circuitBreaker").path("failureRatio").asDouble(), "defaults filled: " + created);
            assertEquals("closed", created.path("targetState").path("circuit").asText(), created.toString());
            awaitConsumers(queue, 2, Duration.ofSeconds(5));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                ids.add(publish(warren, queue, Map.of("n", i)));
            }
            await("the breaker opens").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> "open".equals(group(warren, queue).path("targetState").path("circuit").asText()));
            int requestsWhenOpened = target.requests().size();
            assertTrue(requestsWhenOpened <= THRESHOLD + 2,
                    "opened after the run of " + THRESHOLD + " failures (and calls already in flight): " + requestsWhenOpened);
            JsonNode open = group(warren, queue).path("targetState");
            assertEquals("HTTP 503", open.path("lastError").asText(), open.toString());
            assertFalse(open.path("openedAt").asText().isEmpty(), open.toString());

            // an outage of 30 s against a policy of 3 attempts 0.5 s apart: without the breaker all would be dead
            await("nothing dead-lettered during the outage").during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(32))
                    .pollInterval(Duration.ofMillis(500)).until(() -> broker().ready(queue + ".dlq") == 0
                            && group(warren, queue).path("failed").asLong() == 0);
            recovered.set(true);

            await("every task delivered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> delivered.containsAll(ids));
            JsonNode closed = group(warren, queue).path("targetState");
            assertEquals("closed", closed.path("circuit").asText());
            assertTrue(closed.path("openedAt").isMissingNode() && closed.path("lastError").isMissingNode()
                    && closed.path("openUntil").isMissingNode(), "a closed breaker shows no past opening: " + closed);
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
            assertEquals(0, group(warren, queue).path("failed").asLong());
            // while open no request is made: the outage saw the run that opened it and one probe per cool-off
            long failedRequests = target.requests().size() - delivered.size();
            assertTrue(failedRequests < TASKS, "the outage used few attempts: " + failedRequests + " for " + TASKS + " tasks");
            String metrics = warren.http.get("/observe/metrics").body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("warren_circuit_state{")
                    && line.contains("queue=\"" + queue + "\"") && line.endsWith(" 0.0")), "the metric shows it closed");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void tasksHeldByAnOpenBreakerGoToANewTargetAtOnceWhileDelayedTasksKeepTheirTime() throws Exception {
        String queue = declaredQueue(warren, "breaker-new-target");
        try (TargetServer broken = TargetServer.start(request -> Answer.status(503));
             TargetServer healthy = TargetServer.start()) {
            // a minute's cool-off: without the held tasks sent back, they would reach the new target a minute later
            Map<String, Object> spec = httpGroup(2, broken.url(), retry(1, 100));
            spec.put("circuitBreaker", Map.of("failureThreshold", THRESHOLD, "coolOffMs", 60_000, "maxCoolOffMs", 60_000));
            putGroup(warren, queue, spec);
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            for (int i = 0; i < THRESHOLD; i++) {
                publish(warren, queue, Map.of("opener", i));
            }
            await("the breaker opens").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> "open".equals(group(warren, queue).path("targetState").path("circuit").asText()));

            Http.Response delayed = warren.http.post("/api/queues/" + queue + "/tasks",
                    Http.json(Map.of("payload", Map.of("delayed", true), "delayMs", 30_000)));
            assertEquals(202, delayed.status(), delayed.body());
            String delayedId = delayed.text("id");
            List<String> held = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                held.add(publish(warren, queue, Map.of("n", i)));
            }
            await("every task held on the broker by the open breaker").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(() -> broker().ready(queue) == 0
                            && group(warren, queue).path("inFlight").asLong() == 0);
            int brokenRequests = broken.requests().size();

            spec.put("target", Map.of("url", healthy.url()));
            putGroup(warren, queue, spec);

            await("the held tasks delivered to the new target").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> healthy.countByWebhookId().keySet().containsAll(held));
            assertEquals(brokenRequests, broken.requests().size(), "none went to the old target");
            assertEquals(Map.of(), healthy.duplicates(), "none delivered twice");
            assertTrue(healthy.requests().stream().allMatch(r -> r.attempt() == 1), "waiting used no attempt");
            assertFalse(healthy.countByWebhookId().containsKey(delayedId), "a task published with delayMs keeps its delay");
            for (String id : held) {
                await("job " + id + " finished").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> "finished".equals(warren.http.get("/api/jobs/" + id).json().path("status").asText()));
            }
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
