package dev.warren.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The API calls most integration tests make, each asserting the success status the contract promises. */
public final class WarrenCalls {

    private WarrenCalls() {
    }

    /** A new API key of this role (viewer, publisher, operator, admin), limited to these queue patterns if any. */
    public static String newKey(RunningWarren warren, String role, String... queuePatterns) {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("name", "test " + role + " " + String.join(",", queuePatterns));
        request.put("role", role);
        if (queuePatterns.length > 0) {
            request.put("queuePatterns", List.of(queuePatterns));
        }
        Http.Response created = warren.http.post("/api/keys", Http.json(request));
        assertEquals(201, created.status(), "new " + role + " key: " + created.body());
        return created.text("key");
    }

    /** Every item of a list, following its next cursor page by page from this path (with its query, e.g. ?limit=1). */
    public static List<JsonNode> everyItem(RunningWarren warren, String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String url = path + (cursor == null ? "" : (path.contains("?") ? "&" : "?") + "cursor="
                    + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
            Http.Response response = warren.http.get(url);
            assertEquals(200, response.status(), "GET " + url + ": " + response.body());
            response.json().path("items").forEach(items::add);
            cursor = response.json().path("next").isNull() ? null : response.json().path("next").asText(null);
        } while (cursor != null);
        return items;
    }

    /** A fresh queue declared through the API (with its dead-letter queue). */
    public static String declaredQueue(RunningWarren warren, String prefix) {
        String queue = TestBroker.uniqueName(prefix);
        Http.Response created = warren.http.put("/api/queues/" + queue, "{}");
        assertEquals(201, created.status(), "declared " + queue + ": " + created.body());
        return queue;
    }

    /** PUT /api/queues/{queue}/workers with this body, asserting 200; returns the group view. */
    public static JsonNode putGroup(RunningWarren warren, String queue, Map<String, Object> spec) {
        Http.Response response = warren.http.put("/api/queues/" + queue + "/workers", Http.json(spec));
        assertEquals(200, response.status(), "PUT workers of " + queue + ": " + response.body());
        return response.json();
    }

    /** GET /api/queues/{queue}/workers, asserting 200. */
    public static JsonNode group(RunningWarren warren, String queue) {
        Http.Response response = warren.http.get("/api/queues/" + queue + "/workers");
        assertEquals(200, response.status(), "GET workers of " + queue + ": " + response.body());
        return response.json();
    }

    /** Publishes one task, asserting 202; returns its id. */
    public static String publish(RunningWarren warren, String queue, Object payload) {
        Http.Response response = warren.http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", payload)));
        assertEquals(202, response.status(), "publish to " + queue + ": " + response.body());
        return response.text("id");
    }

    /** Publishes these payloads in one batch request, asserting 202; returns the ids in the same order. */
    public static List<String> publishBatch(RunningWarren warren, String queue, List<?> payloads) {
        List<Map<String, Object>> tasks = payloads.stream().map(p -> Map.<String, Object>of("payload", p)).toList();
        Http.Response response = warren.http.post("/api/queues/" + queue + "/tasks/batch", Http.json(Map.of("tasks", tasks)));
        assertEquals(202, response.status(), "batch to " + queue + ": " + response.body());
        List<String> ids = new ArrayList<>();
        response.json().path("ids").forEach(id -> ids.add(id.asText()));
        assertEquals(payloads.size(), ids.size(), "one id per task: " + response.body());
        return ids;
    }

    /** Waits until the broker shows this many consumers on the queue. */
    public static void awaitConsumers(String queue, int expected, Duration within) {
        await("broker consumers of " + queue + " == " + expected).atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> TestBroker.get().consumers(queue) == expected);
    }

    /** Sends these requests at the same moment, each on its own thread; their answers in the same order. */
    public static List<Http.Response> atOnce(List<Callable<Http.Response>> requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (Callable<Http.Response> request : requests) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Http.Response> result = new ArrayList<>();
            for (Future<Http.Response> answer : answers) {
                result.add(answer.get());
            }
            return result;
        } finally {
            threads.shutdownNow();
        }
    }
}
