package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.workers.WorkerFixtures.awaitDrained;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.scale;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live scaling, pausing and removing a worker group: the broker follows, and no task is lost or doubled. */
class WorkerScalingIT extends WarrenPerClass {

    private static List<Map<String, Object>> payloads(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(n -> Map.<String, Object>of("n", n)).toList();
    }

    /** Scales and checks the broker shows the new count within 2 s of the request. */
    private static JsonNode scaleAndAwait(String queue, int count) {
        long requested = System.nanoTime();
        JsonNode view = scale(warren, queue, count);
        assertEquals(count, view.path("count").asInt(), view.toString());
        awaitConsumers(queue, count, Duration.ofMillis(2000).minusNanos(System.nanoTime() - requested));
        return view;
    }

    @Test
    void scalingOneTwentyThreeZeroWhileTasksFlowLosesAndDoublesNothing() {
        String queue = declaredQueue(warren, "scale");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(5))) {
            putGroup(warren, queue, httpGroup(1, target.url(), null));
            awaitConsumers(queue, 1, Duration.ofSeconds(2));
            List<String> ids = new ArrayList<>(publishBatch(warren, queue, payloads(0, 1000)));
            await("tasks flowing").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() >= 20);

            ids.addAll(publishBatch(warren, queue, payloads(1000, 500)));
            scaleAndAwait(queue, 20);

            ids.addAll(publishBatch(warren, queue, payloads(1500, 250)));
            JsonNode three = scaleAndAwait(queue, 3);
            assertEquals("running", three.path("state").asText(), three.toString());

            ids.addAll(publishBatch(warren, queue, payloads(1750, 125)));
            JsonNode zero = scaleAndAwait(queue, 0);
            assertEquals("stopped", zero.path("state").asText(), "a group of 0 consumes nothing: " + zero);
            assertEquals(0, zero.path("running").asInt(), zero.toString());
            long before = broker().ready(queue);
            ids.addAll(publishBatch(warren, queue, payloads(1875, 125)));
            await("the tasks published at 0 consumers stay in the queue").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2)).until(() -> broker().ready(queue) == before + 125);

            scaleAndAwait(queue, 4);
            await("every task at the target").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> target.countByWebhookId().size() >= 2000);
            awaitDrained(warren, queue, Duration.ofSeconds(10));

            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet(), "no task lost, none invented");
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
            assertEquals(2000, target.requests().size());
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
            JsonNode view = group(warren, queue);
            assertEquals(4, view.path("running").asInt(), view.toString());
            assertEquals("running", view.path("state").asText(), view.toString());
            assertEquals(2000, view.path("succeeded").asLong(), view.toString());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aPausedGroupLeavesTasksInTheQueueUntilResumed() {
        String queue = declaredQueue(warren, "pause");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(2, target.url(), null));
            awaitConsumers(queue, 2, Duration.ofSeconds(2));

            Http.Response paused = warren.http.post("/api/queues/" + queue + "/workers/pause");
            assertEquals(200, paused.status(), paused.body());
            assertEquals("paused", paused.json().path("state").asText(), paused.body());
            assertEquals(2, paused.json().path("count").asInt(), "the count is kept: " + paused.body());
            awaitConsumers(queue, 0, Duration.ofSeconds(2));

            List<String> ids = publishBatch(warren, queue, payloads(0, 5));
            await("tasks stay while paused").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> broker().ready(queue) == 5 && target.requests().isEmpty());
            assertEquals("paused", group(warren, queue).path("state").asText());
            assertEquals(0, broker().consumers(queue));

            Http.Response resumed = warren.http.post("/api/queues/" + queue + "/workers/resume");
            assertEquals(200, resumed.status(), resumed.body());
            assertEquals("running", resumed.json().path("state").asText(), resumed.body());
            awaitConsumers(queue, 2, Duration.ofSeconds(2));
            await("the tasks delivered after resume").atMost(Duration.ofSeconds(10))
                    .until(() -> target.countByWebhookId().size() == 5);
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void removingAGroupLetsInFlightTasksFinishAndLosesNone() {
        String queue = declaredQueue(warren, "remove");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(1000))) {
            putGroup(warren, queue, httpGroup(4, target.url(), null));
            awaitConsumers(queue, 4, Duration.ofSeconds(2));
            List<String> ids = publishBatch(warren, queue, payloads(0, 10));
            await("4 tasks in flight").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() == 4);

            Http.Response removed = warren.http.delete("/api/queues/" + queue + "/workers");
            assertEquals(204, removed.status(), removed.body());

            awaitConsumers(queue, 0, Duration.ofSeconds(5));
            assertEquals(404, warren.http.get("/api/queues/" + queue + "/workers").status(), "the group is gone");
            assertTrue(broker().exists(queue), "the queue stays");
            Set<String> delivered = target.countByWebhookId().keySet();
            await("undelivered tasks back in the queue").atMost(Duration.ofSeconds(5))
                    .until(() -> broker().ready(queue) == ids.size() - delivered.size());
            List<Message> remaining = broker().drain(queue);
            Set<String> left = new HashSet<>();
            remaining.forEach(m -> left.add(m.getMessageProperties().getMessageId()));
            assertEquals(4, delivered.size(), "only the in-flight tasks were delivered: " + target);
            assertTrue(left.stream().noneMatch(delivered::contains),
                    "a delivered task was not acknowledged and is back in the queue: " + left);
            Set<String> all = new HashSet<>(delivered);
            all.addAll(left);
            assertEquals(new HashSet<>(ids), all, "every task is delivered or still queued");
            assertEquals(Map.of(), target.duplicates());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void theGroupViewShowsEachConsumerAndTheTaskInItsHands() {
        String queue = declaredQueue(warren, "consumers");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(1500))) {
            putGroup(warren, queue, httpGroup(3, target.url(), null));
            awaitConsumers(queue, 3, Duration.ofSeconds(2));
            await("three consumer entries").atMost(Duration.ofSeconds(2))
                    .until(() -> group(warren, queue).path("consumers").size() == 3);
            String slow = publish(warren, queue, Map.of("slow", true));
            await("the slow task at the target").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() == 1);

            JsonNode view = group(warren, queue);
            JsonNode consumers = view.path("consumers");
            assertEquals(3, consumers.size(), "one entry per consumer: " + view);
            Set<String> entryIds = new HashSet<>();
            List<String> jobs = new ArrayList<>();
            for (JsonNode consumer : consumers) {
                assertTrue(consumer.hasNonNull("id"), consumer.toString());
                entryIds.add(consumer.path("id").asText());
                assertFalse(consumer.path("thread").asText().isBlank(), "a thread: " + consumer);
                assertTrue(consumer.has("currentJob"), "currentJob is always shown: " + consumer);
                assertNotNull(Instant.parse(consumer.path("since").asText()), "since is a time: " + consumer);
                if (!consumer.path("currentJob").isNull()) {
                    jobs.add(consumer.path("currentJob").asText());
                }
            }
            assertEquals(3, entryIds.size(), "distinct consumer ids: " + consumers);
            assertEquals(List.of(slow), jobs, "exactly one consumer works on the slow task: " + consumers);
            assertEquals(1, view.path("inFlight").asLong(), view.toString());

            await("the slow task done").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode after = group(warren, queue);
                assertEquals(0, after.path("inFlight").asLong(), after.toString());
                after.path("consumers").forEach(c -> assertTrue(c.path("currentJob").isNull(), "idle: " + c));
            });

            scale(warren, queue, 1);
            await("one consumer entry after scaling down").atMost(Duration.ofSeconds(3))
                    .until(() -> group(warren, queue).path("consumers").size() == 1);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    /** A log group of count consumers on a fresh queue; log workers need no target. */
    private static String logGroup(String prefix, int count) {
        String queue = declaredQueue(warren, prefix);
        putGroup(warren, queue, Map.of("count", count, "type", "log"));
        return queue;
    }

    /** The broker shows exactly this many consumers and keeps showing them. */
    private static void assertSteadyConsumers(String queue, int expected) {
        await("broker consumers of " + queue + " stay " + expected).during(Duration.ofMillis(1000))
                .atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> broker().consumers(queue) == expected);
    }

    @Test
    void aGroupCreatedWithZeroConsumersStartsWhenScaledUp() {
        String queue = logGroup("scale-from-zero", 0);
        try {
            JsonNode view = group(warren, queue);
            assertEquals("stopped", view.path("state").asText(), view.toString());
            assertSteadyConsumers(queue, 0);
            scaleAndAwait(queue, 2);
            assertSteadyConsumers(queue, 2);
            assertEquals("running", group(warren, queue).path("state").asText());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void scalingUpAgainAfterZeroStartsExactlyTheNewCount() {
        String queue = logGroup("scale-restart", 3);
        try {
            awaitConsumers(queue, 3, Duration.ofSeconds(2));
            scaleAndAwait(queue, 0);
            scaleAndAwait(queue, 1);
            assertSteadyConsumers(queue, 1);
            JsonNode view = group(warren, queue);
            assertEquals(1, view.path("running").asInt(), view.toString());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void resumingAGroupScaledDownWhilePausedStartsItsNewCount() {
        String queue = logGroup("scale-paused", 4);
        try {
            awaitConsumers(queue, 4, Duration.ofSeconds(2));
            assertEquals(200, warren.http.post("/api/queues/" + queue + "/workers/pause").status());
            awaitConsumers(queue, 0, Duration.ofSeconds(2));
            JsonNode scaled = scale(warren, queue, 1);
            assertEquals("paused", scaled.path("state").asText(), "scaling does not resume: " + scaled);
            assertSteadyConsumers(queue, 0);

            Http.Response resumed = warren.http.post("/api/queues/" + queue + "/workers/resume");
            assertEquals(200, resumed.status(), resumed.body());
            awaitConsumers(queue, 1, Duration.ofSeconds(2));
            assertSteadyConsumers(queue, 1);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void quickSuccessiveScaleRequestsEndAtTheLastCount() {
        String queue = logGroup("scale-quick", 1);
        try {
            awaitConsumers(queue, 1, Duration.ofSeconds(2));
            for (int count : new int[] {20, 10, 30, 2}) {
                Http.Response response = warren.http.post("/api/queues/" + queue + "/workers/scale",
                        "{\"count\": " + count + "}");
                assertEquals(200, response.status(), "scale to " + count + ": " + response.body());
            }
            awaitConsumers(queue, 2, Duration.ofSeconds(2));
            assertSteadyConsumers(queue, 2);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void scalingAGroupWithALargePrefetchLosesAndDoublesNothing() {
        String queue = declaredQueue(warren, "scale-prefetch");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(5))) {
            Map<String, Object> spec = new java.util.LinkedHashMap<>(httpGroup(8, target.url(), null));
            spec.put("prefetch", 20);
            putGroup(warren, queue, spec);
            awaitConsumers(queue, 8, Duration.ofSeconds(2));
            List<String> ids = new ArrayList<>(publishBatch(warren, queue, payloads(0, 1000)));
            await("tasks flowing").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() >= 50);
            scaleAndAwait(queue, 2);
            ids.addAll(publishBatch(warren, queue, payloads(1000, 500)));
            scaleAndAwait(queue, 12);
            scaleAndAwait(queue, 0);
            scaleAndAwait(queue, 6);
            await("every task at the target").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> target.countByWebhookId().size() >= 1500);
            awaitDrained(warren, queue, Duration.ofSeconds(10));
            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet(), "no task lost, none invented");
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void scalingBackUpRightAfterScalingDownWorks() {
        String queue = logGroup("scale-down-up", 20);
        try {
            awaitConsumers(queue, 20, Duration.ofSeconds(2));
            for (int count : new int[] {3, 10}) {
                Http.Response response = warren.http.post("/api/queues/" + queue + "/workers/scale",
                        "{\"count\": " + count + "}");
                assertEquals(200, response.status(), "scale to " + count + ": " + response.body());
            }
            awaitConsumers(queue, 10, Duration.ofSeconds(2));
            assertSteadyConsumers(queue, 10);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void scalingOneFiftyOneInQuickCyclesIsAnsweredEachTimeAndTheFiftyRunWhenAnswered() {
        String queue = logGroup("scale-cycles", 1);
        try {
            awaitConsumers(queue, 1, Duration.ofSeconds(2));
            JsonNode last = null;
            // up again while the consumers stopped a moment before still end their threads
            for (int count : new int[] {50, 1, 50, 1, 50}) {
                Http.Response response = warren.http.post("/api/queues/" + queue + "/workers/scale",
                        "{\"count\": " + count + "}");
                assertEquals(200, response.status(), "scale to " + count + ": " + response.body());
                last = response.json();
            }
            assertEquals(50, last.path("running").asInt(), "the added consumers started before the answer: " + last);
            awaitConsumers(queue, 50, Duration.ofSeconds(2));
            assertSteadyConsumers(queue, 50);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void scalingDownLetsInFlightTasksFinish() {
        String queue = declaredQueue(warren, "scale-down-inflight");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(1000))) {
            putGroup(warren, queue, httpGroup(4, target.url(), null));
            awaitConsumers(queue, 4, Duration.ofSeconds(2));
            List<String> ids = publishBatch(warren, queue, payloads(0, 8));
            await("4 tasks in flight").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() == 4);

            scaleAndAwait(queue, 1);
            await("every task at the target").atMost(Duration.ofSeconds(15))
                    .until(() -> target.countByWebhookId().size() == 8);
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet());
            assertEquals(Map.of(), target.duplicates(), "the in-flight tasks were acknowledged, not redelivered");
            await("counters").atMost(Duration.ofSeconds(3))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == 8);
            assertEquals(0, group(warren, queue).path("failed").asLong());
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
