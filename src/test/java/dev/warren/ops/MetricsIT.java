package dev.warren.ops;

import dev.warren.support.WarrenCalls;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.ops.OpsFixtures.httpGroup;
import static dev.warren.ops.OpsFixtures.metric;
import static dev.warren.ops.OpsFixtures.metrics;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.ops.OpsFixtures.tasks;
import static dev.warren.support.Queues.deleteQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /observe/metrics shows warren's own metrics by queue, counting what a known scenario did. */
class MetricsIT {

    static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.metrics.queue-refresh-ms", "300"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void tenPublishedThreeRejectedOneFlakyCountAsTheyHappened() {
        String queue = declaredQueue(warren, "metrics");
        // "bad" tasks get 400 (dead-lettered at once); the "flaky" one gets 503 once, then 200
        try (TargetServer target = TargetServer.start(request -> {
            String kind = request.json().path("kind").asText();
            if (kind.equals("bad")) {
                return Answer.status(400);
            }
            return kind.equals("flaky") && request.attempt() == 1 ? Answer.status(503) : Answer.ok();
        })) {
            List<Map<String, Object>> payloads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                payloads.add(Map.of("n", i, "kind", i < 3 ? "bad" : i == 3 ? "flaky" : "good"));
            }
            publishBatch(warren, queue, payloads);
            httpGroup(warren, queue, 2, target.url(), 3, 100);

            await("7 succeeded and 3 failed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> tasks(warren, queue, "succeeded") == 7 && tasks(warren, queue, "failed") == 3);
            String text = metrics(warren);
            assertEquals(10, tasks(warren, queue, "published"), text);
            assertEquals(11, tasks(warren, queue, "delivered"), "10 first attempts and the flaky one's second");
            assertEquals(1, tasks(warren, queue, "retried"), text);
            assertEquals(0, tasks(warren, queue, "cancelled"), text);
            assertEquals(11, metric(text, "warren_delivery_duration_seconds_count", Map.of("queue", queue)), "one per attempt");
            assertEquals(7, metric(text, "warren_task_latency_seconds_count", Map.of("queue", queue)), "one per success");
            assertEquals(7, metric(text, "warren_task_latency_seconds_bucket", Map.of("queue", queue, "le", "+Inf")));
            assertEquals(0, metric(text, "warren_tasks_in_flight", Map.of("queue", queue)), text);
            assertTrue(text.contains("\njvm_memory_used_bytes{") && text.contains("\ncamel_exchanges_total{"),
                    "the JVM's and Camel's metrics are there too");
            // the group gauges are sampled with the broker's depths, every queue-refresh-ms
            await("2 consumers desired and running").atMost(Duration.ofSeconds(5)).until(() -> {
                String now = metrics(warren);
                return Double.valueOf(2).equals(metric(now, "warren_worker_consumers", Map.of("queue", queue, "kind", "desired")))
                        && Double.valueOf(2).equals(metric(now, "warren_worker_consumers", Map.of("queue", queue, "kind", "running")));
            });
            await("the broker's depths sampled").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String now = metrics(warren);
                return Double.valueOf(3).equals(metric(now, "warren_queue_dead_letters", Map.of("queue", queue)))
                        && Double.valueOf(0).equals(metric(now, "warren_queue_messages", Map.of("queue", queue)));
            });
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aCancelledTaskDroppedByAWorkerCountsAsCancelled() {
        String queue = declaredQueue(warren, "metrics-cancel");
        try (TargetServer target = TargetServer.start()) {
            httpGroup(warren, queue, 1, target.url(), 1, 100);
            Http.Response published = warren.http.post("/api/queues/" + queue + "/tasks",
                    Http.json(Map.of("payload", Map.of("n", 1), "delayMs", 1000)));
            assertEquals(202, published.status(), published.body());
            Http.Response cancelled = warren.http.post("/api/jobs/" + published.text("id") + "/cancel");
            assertEquals(200, cancelled.status(), cancelled.body());

            await("the cancelled task dropped").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> tasks(warren, queue, "cancelled") == 1);
            assertEquals(1, tasks(warren, queue, "published"));
            assertEquals(0, tasks(warren, queue, "delivered"), "a dropped message is no delivery");
            assertTrue(target.requests().isEmpty(), "the target never saw it: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void countersOutliveTheRouteOfTheirGroup() {
        String queue = declaredQueue(warren, "metrics-reload");
        try (TargetServer target = TargetServer.start()) {
            httpGroup(warren, queue, 1, target.url(), 1, 100);
            publish(warren, queue, Map.of("n", 1));
            await("first delivered").atMost(Duration.ofSeconds(10)).until(() -> tasks(warren, queue, "succeeded") == 1);

            // another prefetch makes a new route for the group: the old one is stopped and removed
            Map<String, Object> spec = new java.util.LinkedHashMap<>();
            spec.put("count", 1);
            spec.put("type", "http");
            spec.put("prefetch", 2);
            spec.put("target", Map.of("url", target.url()));
            WarrenCalls.putGroup(warren, queue, spec);
            assertEquals(1, tasks(warren, queue, "succeeded"), "kept across the new route");

            publish(warren, queue, Map.of("n", 2));
            await("second delivered").atMost(Duration.ofSeconds(10)).until(() -> tasks(warren, queue, "succeeded") == 2);
            assertEquals(2, tasks(warren, queue, "published"));
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
