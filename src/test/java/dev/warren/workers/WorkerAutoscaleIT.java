package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.workers.WorkerFixtures.scale;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Autoscaled worker groups: the count follows the backlog on the broker, and no delivery is cut short. */
class WorkerAutoscaleIT extends WarrenPerClass {

    private static Map<String, Object> autoscaledGroup(String url, Map<String, Object> autoscale) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "http");
        spec.put("target", Map.of("url", url));
        spec.put("autoscale", autoscale);
        return spec;
    }

    private static Map<String, Object> autoscale(int min, int max, Long cooldownMs) {
        Map<String, Object> autoscale = new LinkedHashMap<>();
        autoscale.put("min", min);
        autoscale.put("max", max);
        autoscale.put("targetBacklogPerConsumer", 100);
        if (cooldownMs != null) {
            autoscale.put("cooldownMs", cooldownMs);
        }
        return autoscale;
    }

    @Test
    void aBacklogScalesTheGroupToMaxAndBackToMinWithoutCuttingADeliveryShort() {
        String queue = declaredQueue(warren, "autoscale");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(5))) {
            JsonNode created = putGroup(warren, queue, autoscaledGroup(target.url(), autoscale(0, 8, 1_000L)));
            assertEquals(0, created.path("count").asInt(), "it starts at min: " + created);
            assertEquals(8, created.path("autoscale").path("max").asInt(), created.toString());
            assertEquals(0, broker().consumers(queue));

            List<String> ids = new ArrayList<>();
            for (int batch = 0; batch < 5; batch++) {
                int from = batch * 1_000;
                ids.addAll(publishBatch(warren, queue,
                        IntStream.range(from, from + 1_000).mapToObj(n -> Map.of("n", n)).toList()));
            }

            await("the broker shows max consumers").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> broker().consumers(queue) == 8);
            // a bound, not a timing: on a quiet 2-core machine the drain takes about 10 s, on a busy one far longer
            await("every task at the target").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> target.countByWebhookId().size() >= 5_000);
            // the floor of busy consumers comes from the management API's unacked count, sampled every few seconds
            await("the broker shows min consumers once the backlog is gone").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> broker().consumers(queue) == 0);
            // the group is stored at its new count once its last consumers have stopped
            JsonNode view = await("the group at min").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> group(warren, queue), g -> g.path("count").asInt() == 0);

            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet(), "the target saw every task, none invented");
            assertEquals(Map.of(), target.duplicates(), "no delivery was cut short and repeated");
            assertEquals(0, broker().ready(queue), "nothing left in the queue");
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
            assertEquals(5_000, view.path("succeeded").asLong(), view.toString());
            assertEquals(0, view.path("failed").asLong(), view.toString());
            assertEquals(0, view.path("retried").asLong(), view.toString());
            assertEquals("stopped", view.path("state").asText(), view.toString());
            JsonNode last = view.path("autoscale").path("lastDecision");
            assertEquals(0, last.path("to").asInt(), view.toString());
            assertTrue(last.path("from").asInt() > 0, view.toString());
            assertTrue(last.path("reason").asText().contains("for 1000 ms"), view.toString());
            assertFalse(last.path("at").asText().isEmpty(), view.toString());

            String metrics = warren.http.get("/observe/metrics").body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("warren_autoscale_changes_total")
                    && line.contains("queue=\"" + queue + "\"") && line.contains("direction=\"up\"")), "changes up counted");
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("warren_autoscale_changes_total")
                    && line.contains("queue=\"" + queue + "\"") && line.contains("direction=\"down\"")), "changes down counted");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aGroupAtZeroWakesWhenATaskArrives() {
        String queue = declaredQueue(warren, "autoscale-wake");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, autoscaledGroup(target.url(), autoscale(0, 4, null)));
            await("the group is at zero").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                    .until(() -> broker().consumers(queue) == 0);

            String id = publish(warren, queue, Map.of("wake", true));
            // about 2 s: a tick a second and a route start; a generous bound for a busy machine
            await("the task delivered").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> target.countByWebhookId().containsKey(id));

            assertTrue(broker().consumers(queue) >= 1, "a consumer was started on the broker");
            JsonNode view = group(warren, queue);
            assertEquals(1, view.path("count").asInt(), view.toString());
            assertEquals(0, view.path("autoscale").path("lastDecision").path("from").asInt(), view.toString());
            assertEquals(1, view.path("autoscale").path("lastDecision").path("to").asInt(), view.toString());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void scalingAnAutoscaledGroupByHandIsAConflictUntilAutoscalingIsTurnedOff() {
        String queue = declaredQueue(warren, "autoscale-manual");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, autoscaledGroup(target.url(), autoscale(1, 4, null)));

            Http.Response refused = warren.http.post("/api/queues/" + queue + "/workers/scale", "{\"count\": 3}");
            JsonNode problem = assertProblem(refused, 409);
            assertTrue(problem.path("detail").asText().contains("without \"autoscale\""), refused.body());
            assertProblem(warren.http.post("/queue/scale/" + queue, "{\"count\": 3}"), 409);
            assertEquals(1, group(warren, queue).path("count").asInt(), "the count is unchanged");

            Map<String, Object> manual = WorkerFixtures.httpGroup(1, target.url(), null);
            JsonNode off = putGroup(warren, queue, manual);
            assertTrue(off.path("autoscale").isMissingNode(), off.toString());
            assertEquals(3, scale(warren, queue, 3).path("count").asInt());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void badAutoscaleSettingsAreRefusedAndChangeNothing() {
        String queue = declaredQueue(warren, "autoscale-bad");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, WorkerFixtures.httpGroup(2, target.url(), null));
            String path = "/api/queues/" + queue + "/workers";

            assertInvalid(warren.http.put(path, Http.json(autoscaledGroup(target.url(), autoscale(5, 2, null)))),
                    "autoscale.min");
            assertInvalid(warren.http.put(path, Http.json(autoscaledGroup(target.url(), Map.of("min", 0)))),
                    "autoscale.max");
            assertInvalid(warren.http.put(path, Http.json(autoscaledGroup(target.url(),
                    Map.of("max", 4, "targetBacklogPerConsumer", 0)))), "autoscale.targetBacklogPerConsumer");
            assertInvalid(warren.http.put(path, Http.json(autoscaledGroup(target.url(),
                    Map.of("max", 4, "cooldownMs", -1)))), "autoscale.cooldownMs");
            Map<String, Object> countOutside = autoscaledGroup(target.url(), autoscale(1, 4, null));
            countOutside.put("count", 9);
            assertInvalid(warren.http.put(path, Http.json(countOutside)), "count");

            JsonNode view = group(warren, queue);
            assertEquals(2, view.path("count").asInt(), view.toString());
            assertTrue(view.path("autoscale").isMissingNode(), "still not autoscaled: " + view);
            assertEquals(2, scale(warren, queue, 2).path("count").asInt());
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
