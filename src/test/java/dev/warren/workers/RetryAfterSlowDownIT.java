package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.OneRetryAfter;
import dev.warren.support.TargetServer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        // the tenth request is told to come back in 5 s
        OneRetryAfter behaviour = new OneRetryAfter(10, 5, 100);
        Set<String> delivered = behaviour.delivered();
        try (TargetServer target = TargetServer.start(behaviour)) {
            Map<String, Object> spec = httpGroup(CONSUMERS, target.url(), retry(3, 500));
            spec.put("slowDown", Map.of("increaseEveryMs", 500));
            putGroup(warren, queue, spec);
            awaitConsumers(queue, CONSUMERS, Duration.ofSeconds(5));

            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> ids = publishBatch(warren, queue, payloads);
            await("the 429").atMost(Duration.ofSeconds(20)).until(() -> behaviour.limited() != null);
            // the target has answered; warren reads the answer a moment later
            JsonNode paused = await("the view shows the pause").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50)).until(() -> group(warren, queue).path("targetState"),
                            state -> state.hasNonNull("pausedUntil"));
            assertEquals(CONSUMERS / 2, paused.path("allowedConcurrency").asInt(), "concurrency halved: " + paused);

            await("every task delivered").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> delivered.containsAll(ids));
            // requests other consumers had already sent when the 429 came may still arrive just after it
            OneRetryAfter.Quiet quiet = behaviour.quietAfter(target, 500);
            assertTrue(quiet.ms() >= 4_900, "no request from any consumer for 5 s after the 429: " + quiet);
            await("concurrency back to every consumer").atMost(Duration.ofSeconds(10))
                    .until(() -> !group(warren, queue).path("targetState").hasNonNull("allowedConcurrency"));
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
