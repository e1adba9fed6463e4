package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the worker group tests do over and over: declare queues, create groups, publish, wait, check problems. */
final class WorkerFixtures {

    private WorkerFixtures() {
    }

    static TestBroker broker() {
        return TestBroker.get();
    }

    /** A fresh queue declared through the API (with its dead-letter queue). */
    static String declaredQueue(RunningWarren warren, String prefix) {
        String queue = TestBroker.uniqueName(prefix);
        Http.Response created = warren.http.put("/api/queues/" + queue, "{}");
        assertEquals(201, created.status(), "declared " + queue + ": " + created.body());
        return queue;
    }

    /** Removes the queue, its workers and companions through the API, and whatever the broker still has. */
    static void deleteQueue(RunningWarren warren, String queue) {
        try {
            warren.http.delete("/api/queues/" + queue);
        } finally {
            broker().deleteQueues(queue);
        }
    }

    /** The body of an http group: count consumers delivering to url, with the retry policy given (may be null). */
    static Map<String, Object> httpGroup(int count, String url, Map<String, Object> retry) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("url", url);
        return httpGroup(count, target, retry);
    }

    static Map<String, Object> httpGroup(int count, Map<String, Object> target, Map<String, Object> retry) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", "http");
        spec.put("target", target);
        if (retry != null) {
            spec.put("retry", retry);
        }
        return spec;
    }

    static Map<String, Object> retry(int maxAttempts, long backoffMs) {
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("maxAttempts", maxAttempts);
        retry.put("backoffMs", backoffMs);
        return retry;
    }

    /** PUT /api/queues/{queue}/workers, asserting 200; returns the group view. */
    static JsonNode putGroup(RunningWarren warren, String queue, Map<String, Object> spec) {
        Http.Response response = warren.http.put("/api/queues/" + queue + "/workers", Http.json(spec));
        assertEquals(200, response.status(), "PUT workers of " + queue + ": " + response.body());
        return response.json();
    }

    /** GET /api/queues/{queue}/workers, asserting 200. */
    static JsonNode group(RunningWarren warren, String queue) {
        Http.Response response = warren.http.get("/api/queues/" + queue + "/workers");
        assertEquals(200, response.status(), "GET workers of " + queue + ": " + response.body());
        return response.json();
    }

    static JsonNode scale(RunningWarren warren, String queue, int count) {
        Http.Response response = warren.http.post("/api/queues/" + queue + "/workers/scale", "{\"count\": " + count + "}");
        assertEquals(200, response.status(), "scale " + queue + " to " + count + ": " + response.body());
        return response.json();
    }

    /** Publishes one task; returns its id. */
    static String publish(RunningWarren warren, String queue, Object payload) {
        Http.Response response = warren.http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", payload)));
        assertEquals(202, response.status(), "publish to " + queue + ": " + response.body());
        return response.text("id");
    }

    /** Publishes these payloads in one batch request; returns the ids in the same order. */
    static List<String> publishBatch(RunningWarren warren, String queue, List<?> payloads) {
        List<Map<String, Object>> tasks = payloads.stream().map(p -> Map.<String, Object>of("payload", p)).toList();
        Http.Response response = warren.http.post("/api/queues/" + queue + "/tasks/batch", Http.json(Map.of("tasks", tasks)));
        assertEquals(202, response.status(), "batch to " + queue + ": " + response.body());
        List<String> ids = new ArrayList<>();
        response.json().path("ids").forEach(id -> ids.add(id.asText()));
        assertEquals(payloads.size(), ids.size(), "one id per task: " + response.body());
        return ids;
    }

    /** Waits until the broker shows this many consumers on the queue. */
    static void awaitConsumers(String queue, int expected, Duration within) {
        await("broker consumers of " + queue + " == " + expected).atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> broker().consumers(queue) == expected);
    }

    /** Waits until the queue has no ready message and its group nothing in flight. */
    static void awaitDrained(RunningWarren warren, String queue, Duration within) {
        await(queue + " drained").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> broker().ready(queue) == 0 && group(warren, queue).path("inFlight").asLong() == 0);
    }


}
