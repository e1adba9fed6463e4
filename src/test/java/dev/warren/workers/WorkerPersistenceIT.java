package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.workers.WorkerFixtures.awaitDrained;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker groups live in warren's store and come back after a restart: embedded by default, or PostgreSQL. */
class WorkerPersistenceIT {

    /** The parts of a group view that are its configuration (not its live counters). */
    private static List<JsonNode> configuration(JsonNode view) {
        return List.of(view.path("queue"), view.path("type"), view.path("count"), view.path("state"),
                view.path("prefetch"), view.path("target"), view.path("retry"));
    }

    @Test
    void groupsComeBackAfterARestartWithTheEmbeddedStore() throws Exception {
        groupsComeBackAfterARestart(Map.of());
    }

    @Test
    void groupsComeBackAfterARestartWithPostgresql() throws Exception {
        groupsComeBackAfterARestart(TestStore.postgres().freshSchema());
    }

    private static void groupsComeBackAfterARestart(Map<String, String> store) throws Exception {
        RunningWarren warren = RunningWarren.start(store);
        String running = declaredQueue(warren, "persist-running");
        String paused = declaredQueue(warren, "persist-paused");
        try (TargetServer target = TargetServer.start()) {
            Map<String, Object> targetSpec = new LinkedHashMap<>();
            targetSpec.put("url", target.url("/restored"));
            targetSpec.put("method", "PUT");
            targetSpec.put("headers", Map.of("X-Key", "k", "X-Tenant", "acme"));
            targetSpec.put("timeoutMs", 2500);
            Map<String, Object> retry = Map.of("maxAttempts", 7, "backoffMs", 250, "backoffMultiplier", 3.0,
                    "maxBackoffMs", 60_000);
            Map<String, Object> runningSpec = httpGroup(3, targetSpec, retry);
            runningSpec.put("prefetch", 4);
            putGroup(warren, running, runningSpec);
            putGroup(warren, paused, httpGroup(2, target.url("/paused"), null));
            Http.Response pause = warren.http.post("/api/queues/" + paused + "/workers/pause");
            assertEquals(200, pause.status(), pause.body());
            awaitConsumers(running, 3, Duration.ofSeconds(2));
            awaitConsumers(paused, 0, Duration.ofSeconds(2));
            List<JsonNode> runningBefore = configuration(group(warren, running));
            List<JsonNode> pausedBefore = configuration(group(warren, paused));

            warren = warren.restart();

            assertEquals(runningBefore, configuration(group(warren, running)), "the running group's configuration");
            assertEquals(pausedBefore, configuration(group(warren, paused)), "the paused group's configuration");
            assertEquals("paused", group(warren, paused).path("state").asText());
            awaitConsumers(running, 3, Duration.ofSeconds(5));
            await("the paused group stays without consumers").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> broker().consumers(paused) == 0);

            String id = publish(warren, running, Map.of("after", "restart"));
            await("the task delivered by the restored group").atMost(Duration.ofSeconds(10))
                    .until(() -> target.attemptsOf(id).size() == 1);
            TargetServer.Request request = target.attemptsOf(id).get(0);
            assertEquals("PUT", request.method());
            assertEquals("/restored", request.path());
            assertEquals("k", request.header("X-Key"));
            assertEquals("acme", request.header("X-Tenant"));
            awaitDrained(warren, running, Duration.ofSeconds(5));

            String held = publish(warren, paused, Map.of("held", true));
            Http.Response resume = warren.http.post("/api/queues/" + paused + "/workers/resume");
            assertEquals(200, resume.status(), resume.body());
            awaitConsumers(paused, 2, Duration.ofSeconds(2));
            await("the resumed group delivers").atMost(Duration.ofSeconds(10))
                    .until(() -> target.attemptsOf(held).size() == 1);
            assertEquals("/paused", target.attemptsOf(held).get(0).path());
        } finally {
            try {
                deleteQueue(warren, running);
                deleteQueue(warren, paused);
            } finally {
                warren.close();
            }
        }
    }

    @Test
    void aGroupWhoseQueueVanishedWhileWarrenWasDownHoldsUpNeitherStartNorTheOtherGroups() throws Exception {
        RunningWarren warren = RunningWarren.start();
        String kept = declaredQueue(warren, "persist-kept");
        String vanished = declaredQueue(warren, "persist-vanished");
        try {
            putGroup(warren, kept, Map.of("count", 2, "type", "log"));
            putGroup(warren, vanished, Map.of("count", 2, "type", "log"));
            awaitConsumers(vanished, 2, Duration.ofSeconds(2));
            warren.close();
            broker().deleteQueues(vanished);

            long restarting = System.nanoTime();
            warren = warren.restart();
            long restartMs = (System.nanoTime() - restarting) / 1_000_000;

            assertEquals(200, warren.http.get("/api/workers").status(), "warren is up");
            awaitConsumers(kept, 2, Duration.ofSeconds(5));
            Http.Response view = warren.http.get("/api/queues/" + vanished + "/workers");
            assertEquals(200, view.status(), "the group is kept, to run once its queue is back: " + view.body());
            assertEquals(0, view.json().path("running").asInt(), view.body());
            publish(warren, kept, Map.of("still", "working"));
            awaitDrained(warren, kept, Duration.ofSeconds(5));
            RunningWarren restarted = warren;
            await("the kept group works").atMost(Duration.ofSeconds(5))
                    .until(() -> group(restarted, kept).path("succeeded").asLong() == 1);
            assertTrue(restartMs < 6000, "the restart took " + restartMs + " ms");
        } finally {
            try {
                deleteQueue(warren, kept);
                warren.http.delete("/api/queues/" + vanished + "/workers");
            } finally {
                warren.close();
            }
        }
    }
}
