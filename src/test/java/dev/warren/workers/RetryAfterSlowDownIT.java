package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static dev.warren.workers.WorkerFixtures.retry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group that slows down: one 429 with Retry-After pauses every consumer's deliveries to the target until then, and
 * the concurrency ramps back up after it.
 */
class RetryAfterSlowDownIT extends WarrenPerClass {

    private static final int CONSUMERS = 4;
    private static final int TASKS = 60;

    @Test
    void oneRetryAfterPausesTheWholeGroupThenDeliveriesResumeAndRampUp() {
        String queue = declaredQueue(warren, "slow-down");
        AtomicBoolean answered429 = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<TargetServer.Request> limited = new AtomicReference<>();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (TargetServer target = TargetServer.start(request -> {
            // the tenth request is told to come back in 5 s; a 100 ms answer keeps every consumer busy meanwhile
            if (requests.incrementAndGet() >= 10 && answered429.compareAndSet(false, true)) {
                limited.set(request);
                return Answer.status(429).withHeader("Retry-After", "5");
            }
            delivered.add(request.webhookId());
            return Answer.ok().after(100);
        })) {
            Map<String, Object> spec = httpGroup(CONSUMERS, target.url(), retry(3, 500));
            spec.put("slowDown", Map.of("increaseEveryMs", 500));
            putGroup(warren, queue, spec);
            awaitConsumers(queue, CONSUMERS, Duration.ofSeconds(5));

            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> ids = publishBatch(warren, queue, payloads);
            await("the 429").atMost(Duration.ofSeconds(20)).until(() -> limited.get() != null);
            // the target has answered; warren reads the answer a moment later
            JsonNode paused = await("the view shows the pause").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50)).until(() -> group(warren, queue).path("targetState"),
                            state -> state.hasNonNull("pausedUntil"));
            assertEquals(CONSUMERS / 2, paused.path("allowedConcurrency").asInt(), "concurrency halved: " + paused);

            await("every task delivered").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> delivered.containsAll(ids));
            TargetServer.Request at429 = limited.get();
            // requests other consumers had already sent when the 429 came may still arrive just after it
            List<Long> gaps = target.requests().stream().map(at429::millisUntil).filter(ms -> ms > 500).toList();
            long firstAfter = gaps.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertTrue(firstAfter >= 4_900, "no request from any consumer for 5 s after the 429; the first came after "
                    + firstAfter + " ms");
            await("concurrency back to every consumer").atMost(Duration.ofSeconds(10))
                    .until(() -> !group(warren, queue).path("targetState").hasNonNull("allowedConcurrency"));
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
