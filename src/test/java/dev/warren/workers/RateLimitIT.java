package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.TargetServer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.warren.ops.OpsFixtures.metric;
import static dev.warren.ops.OpsFixtures.metrics;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rate-limited group with a backlog delivers at its limit, measured at the target over a minute, and its consumers
 * hold no more tasks than they start.
 */
class RateLimitIT extends WarrenPerClass {

    private static final int CONSUMERS = 4;
    private static final double PER_SECOND = 50;
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void aGroupLimitedToFiftyASecondDeliversFiftyASecondForAMinuteHoldingNoTaskItCannotStart() {
        String queue = declaredQueue(warren, "rate-limit");
        try (TargetServer target = TargetServer.start()) {
            // more than the minute can take, so that the limit and nothing else decides the rate
            for (int batch = 0; batch < 4; batch++) {
                List<Object> payloads = new ArrayList<>();
                for (int i = 0; i < 875; i++) {
                    payloads.add(Map.of("n", batch * 875 + i));
                }
                publishBatch(warren, queue, payloads);
            }
            Map<String, Object> spec = httpGroup(CONSUMERS, target.url(), null);
            spec.put("rateLimit", Map.of("perSecond", PER_SECOND, "burst", 10));
            JsonNode created = putGroup(warren, queue, spec);
            assertEquals(PER_SECOND, created.path("rateLimit").path("perSecond").asDouble(), created.toString());
            assertEquals(10, created.path("rateLimit").path("burst").asInt(), created.toString());
            assertEquals(1, created.path("prefetch").asInt(), "a limited group prefetches one task: " + created);
            awaitConsumers(queue, CONSUMERS, Duration.ofSeconds(10));

            // sampled by the management API while the minute runs: a waiting consumer holds only its next task
            AtomicLong mostUnacked = new AtomicLong();
            await("a minute of deliveries").atMost(WINDOW.plusSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        mostUnacked.accumulateAndGet(broker().managementQueue(queue)
                                .path("messages_unacknowledged").asLong(), Math::max);
                        return target.spans(WINDOW);
                    });
            TargetServer.Window minute = target.window(WINDOW);
            assertTrue(Math.abs(minute.perSecond() - PER_SECOND) <= PER_SECOND * 0.1,
                    "within 10 % of " + PER_SECOND + "/s: " + minute);
            assertTrue(mostUnacked.get() <= CONSUMERS, "at most one unacknowledged task per consumer, seen "
                    + mostUnacked.get());
            assertTrue(broker().ready(queue) > 0, "the backlog lasted the whole minute");

            JsonNode state = group(warren, queue).path("rateLimitState");
            assertEquals(PER_SECOND, state.path("perSecond").asDouble(), "the whole limit on the only instance: " + state);
            assertEquals(10, state.path("burst").asInt(), state.toString());
            assertTrue(state.path("waits").asLong() > 0 && state.path("waitedMs").asLong() > 0,
                    "the consumers waited for permits: " + state);
            String text = metrics(warren);
            assertEquals(PER_SECOND, metric(text, "warren_rate_limit", Map.of("queue", queue)), text);
            Double waits = metric(text, "warren_rate_limit_wait_seconds_count", Map.of("queue", queue));
            assertNotNull(waits, "the waits' timer");
            assertTrue(waits > 0, "waits counted: " + waits);
            // waiting for a permit is no attempt: every task reached the target at its first one
            assertTrue(minute.requests().stream().allMatch(r -> r.attempt() == 1), "first attempts only");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void pausingAGroupWhoseConsumerWaitsForAPermitLosesAndDoublesNoTask() {
        String queue = declaredQueue(warren, "rate-pause");
        try (TargetServer target = TargetServer.start()) {
            Map<String, Object> spec = httpGroup(2, target.url(), null);
            // one permit every 4 s: when the group pauses after the first task, the other consumer waits for its
            // permit with a task in hand (it delivers it, as a task in flight) and the rest stay on the broker
            spec.put("rateLimit", Map.of("perSecond", 0.25));
            putGroup(warren, queue, spec);
            awaitConsumers(queue, 2, Duration.ofSeconds(10));
            List<String> ids = publishBatch(warren, queue, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3),
                    Map.of("n", 4)));
            await("the first delivery").atMost(Duration.ofSeconds(10)).until(() -> !target.requests().isEmpty());
            assertEquals(200, warren.http.post("/api/queues/" + queue + "/workers/pause").status());
            awaitConsumers(queue, 0, Duration.ofSeconds(15));
            assertEquals(200, warren.http.post("/api/queues/" + queue + "/workers/resume").status());

            await("every task delivered").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> target.countByWebhookId().keySet().containsAll(ids));
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
            assertTrue(target.requests().stream().allMatch(r -> r.attempt() == 1), "waiting used no attempt: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void cancelledTasksLeaveALimitedQueueAtOnceWithoutTakingTheLiveTasksPermits() {
        String queue = declaredQueue(warren, "rate-cancel");
        try (TargetServer target = TargetServer.start()) {
            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> cancelled = publishBatch(warren, queue, payloads);
            for (String id : cancelled) {
                assertEquals(200, warren.http.post("/api/jobs/" + id + "/cancel").status(), id);
            }
            String live = publishBatch(warren, queue, List.of(Map.of("n", "live"))).get(0);
            Map<String, Object> spec = httpGroup(1, target.url(), null);
            spec.put("rateLimit", Map.of("perSecond", 1, "burst", 1));
            putGroup(warren, queue, spec);

            // one permit a second: had the 20 cancelled tasks ahead of it taken one each, it would wait about 20 s
            await("the live task delivered").atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(50))
                    .until(() -> target.countByWebhookId().containsKey(live));
            await("the queue is empty").atMost(Duration.ofSeconds(5)).until(() -> broker().ready(queue) == 0);
            assertEquals(Map.of(live, 1L), target.countByWebhookId(), "only the live task reached the target");
            for (String id : cancelled) {
                assertEquals("cancelled", warren.http.get("/api/jobs/" + id).json().path("status").asText(), id);
            }
            assertEquals("finished", awaitJobStatus(live, "finished"), live);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aTaskCancelledWhileItsConsumerWaitsForAPermitLeavesThePermitToTheNextTask() {
        String queue = declaredQueue(warren, "rate-cancel-waiting");
        try (TargetServer target = TargetServer.start()) {
            // one consumer, one permit every 4 s (within the 5 s a consumer holds a task for its permit)
            Map<String, Object> spec = httpGroup(1, target.url(), null);
            spec.put("rateLimit", Map.of("perSecond", 0.25, "burst", 1));
            putGroup(warren, queue, spec);
            awaitConsumers(queue, 1, Duration.ofSeconds(10));
            String first = publishBatch(warren, queue, List.of(Map.of("n", "first"))).get(0);
            await("the first task delivered").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> target.countByWebhookId().containsKey(first));

            String doomed = publishBatch(warren, queue, List.of(Map.of("n", "doomed"))).get(0);
            await("the consumer holds the task while it waits for the next permit").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(20)).until(() -> broker().ready(queue) == 0);
            assertEquals(200, warren.http.post("/api/jobs/" + doomed + "/cancel").status(), doomed);
            String live = publishBatch(warren, queue, List.of(Map.of("n", "live"))).get(0);

            // the cancelled task's permit (due 4 s after the first) goes to the live task; taken by the cancelled
            // task, the live one would wait for the permit after it, 8 s after the first
            await("the live task delivered").atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(20))
                    .until(() -> target.countByWebhookId().containsKey(live));
            TargetServer.Request firstRequest = target.attemptsOf(first).get(0);
            TargetServer.Request liveRequest = target.attemptsOf(live).get(0);
            long apart = firstRequest.millisUntil(liveRequest);
            assertTrue(apart < 6_000, "the live task went with the cancelled one's permit: " + apart + " ms after the first");
            assertEquals(Map.of(first, 1L, live, 1L), target.countByWebhookId(), "the cancelled task never reached it");
            assertEquals("cancelled", warren.http.get("/api/jobs/" + doomed).json().path("status").asText(), doomed);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    private static String awaitJobStatus(String id, String status) {
        String[] last = new String[1];
        await("job " + id + " " + status).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(last[0] = warren.http.get("/api/jobs/" + id).json().path("status").asText()));
        return last[0];
    }
}
