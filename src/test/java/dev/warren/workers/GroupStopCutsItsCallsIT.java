package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.LogCapture;
import dev.warren.support.RunningWarren;
import dev.warren.support.StandInConsumer;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One worker group stopping alone (paused, replaced) while a slow call of its runs: at the group's shutdown timeout
 * its call is cut before its task goes back to the queue, so the target never has the task twice at once; another
 * group's call to the same host goes on.
 */
class GroupStopCutsItsCallsIT {

    private static final long TIMEOUT_MS = 2000;
    private static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("camel.component.spring-rabbitmq.shutdownTimeout", String.valueOf(TIMEOUT_MS)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void pausingAGroupCutsItsCallBeforeItsTaskCanBeDeliveredAgainAndLeavesOtherGroupsCallsAlone() throws Exception {
        String queue = declaredQueue(warren, "stop-cut");
        String other = declaredQueue(warren, "stop-other");
        // the first attempt of each task is held open for a minute; a later one is answered at once
        try (TargetServer target = TargetServer.start(request ->
                request.attempt() == 1 ? Answer.heldFor(60_000) : Answer.ok());
             LogCapture log = LogCapture.open()) {
            putGroup(warren, other, slowGroup(target.url()));
            String otherId = publish(warren, other, Map.of("n", 0));
            await("the other group's call at the target").atMost(Duration.ofSeconds(10))
                    .until(() -> target.attemptsOf(otherId).size() == 1);
            putGroup(warren, queue, slowGroup(target.url()));
            String id = publish(warren, queue, Map.of("n", 1));
            await("the call at the target").atMost(Duration.ofSeconds(10)).until(() -> target.attemptsOf(id).size() == 1);
            TargetServer.Request cutOff = target.attemptsOf(id).get(0);

            // stands in for another instance's idle consumer: it takes the task as soon as the broker has it back
            try (StandInConsumer standIn = StandInConsumer.on(queue)) {
                long pausing = System.nanoTime();
                CompletableFuture<Http.Response> paused = CompletableFuture.supplyAsync(() ->
                        warren.http.post("/api/queues/" + queue + "/workers/pause"));

                await("the task back on the broker").atMost(Duration.ofSeconds(10)).until(() -> standIn.firstNanos() != 0);
                long callEndedNanos = target.endedNanos(cutOff).orElseThrow(() ->
                        new AssertionError("the task is back on the broker while its first call still runs"));
                // the target notices a closed connection at its next write, 10 ms later at most
                assertTrue(callEndedNanos - standIn.firstNanos() < 500_000_000L, "the call ended "
                        + (callEndedNanos - standIn.firstNanos()) / 1_000_000 + " ms after its task was back on the broker");
                assertTrue(standIn.firstNanos() - pausing >= (TIMEOUT_MS - 100) * 1_000_000,
                        "the call had the group's timeout to finish");
                Http.Response answer = paused.get(10, TimeUnit.SECONDS);
                assertEquals(200, answer.status(), answer.body());
                assertTrue(target.endedNanos(target.attemptsOf(otherId).get(0)).isEmpty(),
                        "the other group's call to the same host still runs");
            }
            // the stand-in's channel closed without an ack: the task is on the queue again

            assertEquals(200, warren.http.post("/api/queues/" + queue + "/workers/resume").status());
            await("delivered again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "finished".equals(warren.http.get("/api/jobs/" + id).text("status")));
            List<TargetServer.Request> attempts = target.attemptsOf(id);
            assertEquals(List.of(1, 2), attempts.stream().map(TargetServer.Request::attempt).toList(), target.toString());
            assertTrue(attempts.get(1).arrivedNanos() > target.endedNanos(cutOff).getAsLong(),
                    "the task came again only after its first call had ended");
            JsonNode job = warren.http.get("/api/jobs/" + id).json();
            assertTrue(job.path("attempts").get(0).path("error").asText().startsWith("interrupted"), job.toString());
            assertEquals(0, TestBroker.get().ready(queue + ".dlq"), "a cut delivery is no failure of its task");

            List<String> aboutTheCut = log.lines().stream().filter(line -> line.contains(id)
                    && (line.contains("interrupted") || line.contains("goes back"))).toList();
            assertEquals(1, aboutTheCut.size(), "the cut is logged once: " + aboutTheCut);
            assertTrue(aboutTheCut.get(0).startsWith("WARN ") && !aboutTheCut.get(0).contains("\tat "),
                    "at WARN, without a stack trace: " + aboutTheCut);
            assertTrue(target.endedNanos(target.attemptsOf(otherId).get(0)).isEmpty(),
                    "the other group's call to the same host still runs");
        } finally {
            deleteQueue(warren, queue);
            deleteQueue(warren, other);
        }
    }

    @Test
    void replacingAGroupsTargetCutsItsCallBeforeTheNewGroupTakesTheTask() throws Exception {
        String queue = declaredQueue(warren, "replace-cut");
        try (TargetServer target = TargetServer.start(request ->
                request.path().equals("/old") ? Answer.heldFor(60_000) : Answer.ok())) {
            putGroup(warren, queue, slowGroup(target.url("/old")));
            String id = publish(warren, queue, Map.of("n", 1));
            await("the call at the old target").atMost(Duration.ofSeconds(10)).until(() -> target.attemptsOf(id).size() == 1);
            TargetServer.Request cutOff = target.attemptsOf(id).get(0);

            putGroup(warren, queue, slowGroup(target.url("/new")));

            await("delivered to the new target").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "finished".equals(warren.http.get("/api/jobs/" + id).text("status")));
            List<TargetServer.Request> attempts = target.attemptsOf(id);
            assertEquals(List.of("/old", "/new"), attempts.stream().map(TargetServer.Request::path).toList(),
                    target.toString());
            assertTrue(target.endedNanos(cutOff).isPresent(), "the old group's call was cut");
            assertTrue(attempts.get(1).arrivedNanos() > target.endedNanos(cutOff).getAsLong(),
                    "the new group had the task only after the old group's call had ended");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    private static Map<String, Object> slowGroup(String url) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", 1);
        spec.put("type", "http");
        spec.put("target", Map.of("url", url, "timeoutMs", 120_000));
        spec.put("retry", Map.of("maxAttempts", 3));
        return spec;
    }
}
