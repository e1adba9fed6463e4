package dev.warren.instances;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A count lowered but not to 0 on two instances on one PostgreSQL schema takes one instance's share to 0: its consumer
 * finishes its task in hand, however much longer than the group's shutdown timeout it takes, and is not cut.
 */
class ShareGoneOnTwoInstancesIT {

    private static final long SHUTDOWN_TIMEOUT_MS = 1000;
    private static final long CALL_MS = 5000;

    @Test
    void aShareGoneTo0LetsItsTaskInHandFinish() throws Exception {
        scaleDownWhileBothCallsRun(false);
    }

    @Test
    void aShareBackAbove0WhileItsTaskStillRunsStartsAgainOnceItFinished() throws Exception {
        scaleDownWhileBothCallsRun(true);
    }

    private void scaleDownWhileBothCallsRun(boolean scaleBackUp) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(TestStore.postgres().freshSchema());
        properties.put("camel.component.spring-rabbitmq.shutdownTimeout", String.valueOf(SHUTDOWN_TIMEOUT_MS));
        String queue = null;
        try (TargetServer target = TargetServer.start(request -> Answer.heldFor(CALL_MS));
             RunningWarren a = RunningWarren.start(properties);
             RunningWarren b = RunningWarren.start(properties)) {
            queue = declaredQueue(a, "share-gone");
            String workers = "/api/queues/" + queue + "/workers";
            putGroup(a, queue, Map.of("count", 2, "type", "http",
                    "target", Map.of("url", target.url(), "timeoutMs", 60_000), "retry", Map.of("maxAttempts", 3)));
            String queueName = queue;
            await("one consumer on each instance").atMost(Duration.ofSeconds(15))
                    .until(() -> TestBroker.get().consumers(queueName) == 2 && shares(a, queueName).equals(List.of(1, 1)));
            String first = publish(a, queue, Map.of("n", 1));
            String second = publish(a, queue, Map.of("n", 2));
            await("both calls at the target").atMost(Duration.ofSeconds(10))
                    .until(() -> target.attemptsOf(first).size() == 1 && target.attemptsOf(second).size() == 1);

            long scaling = System.nanoTime();
            Http.Response scaled = b.http.post(workers + "/scale", "{\"count\":1}");
            assertEquals(200, scaled.status(), scaled.body());
            assertTrue(System.nanoTime() - scaling < CALL_MS * 1_000_000 / 2,
                    "the scale is answered without waiting for the calls in hand");
            if (scaleBackUp) {
                assertEquals(200, a.http.post(workers + "/scale", "{\"count\":2}").status());
            }

            for (String id : List.of(first, second)) {
                await("task " + id + " finished").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> "finished".equals(a.http.get("/api/jobs/" + id).text("status")));
                JsonNode job = a.http.get("/api/jobs/" + id).json();
                assertEquals(1, job.path("attempts").size(), "finished in its first attempt, never cut: " + job);
                assertEquals(1, target.attemptsOf(id).size(), "delivered once: " + target);
                assertTrue(target.endedNanos(target.attemptsOf(id).get(0)).isPresent(), "its call ran to its end");
            }
            int consumers = scaleBackUp ? 2 : 1;
            await(consumers + " consumer(s) in all").atMost(Duration.ofSeconds(15)).until(() ->
                    TestBroker.get().consumers(queueName) == consumers
                            && shares(b, queueName).stream().mapToInt(Integer::intValue).sum() == consumers);
            // the group still delivers with the consumers it has now
            String third = publish(b, queue, Map.of("n", 3));
            await("a later task delivered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "finished".equals(a.http.get("/api/jobs/" + third).text("status")));
            for (RunningWarren instance : List.of(a, b)) {
                long closing = System.nanoTime();
                instance.close();
                long tookMs = (System.nanoTime() - closing) / 1_000_000;
                assertTrue(tookMs < 8_000, "an idle instance stops at once, a drain over long ago holds nothing: " + tookMs
                        + " ms");
            }
        } finally {
            if (queue != null) {
                TestBroker.get().deleteQueues(queue, queue + ".dlq");
            }
        }
    }

    /** The consumers running on each instance, as the instance shows them. */
    private static List<Integer> shares(RunningWarren instance, String queue) {
        JsonNode view = instance.http.get("/api/queues/" + queue + "/workers").json();
        List<Integer> running = new java.util.ArrayList<>();
        view.path("instances").forEach(share -> running.add(share.path("running").asInt()));
        return running;
    }
}
