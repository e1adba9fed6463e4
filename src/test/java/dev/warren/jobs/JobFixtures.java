package dev.warren.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenCalls;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the job tests do over and over: declare queues, run or pause groups, publish, follow and list jobs. */
final class JobFixtures {

    private JobFixtures() {
    }

    static TestBroker broker() {
        return TestBroker.get();
    }



    /** The body of an http group delivering to url, retrying maxAttempts times with backoffMs between. */
    static Map<String, Object> httpGroup(int count, String url, int maxAttempts, long backoffMs) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", "http");
        spec.put("target", Map.of("url", url));
        spec.put("retry", Map.of("maxAttempts", maxAttempts, "backoffMs", backoffMs));
        return spec;
    }


    /** Pauses the queue's group and waits until the broker shows no consumer on it. */
    static void pause(RunningWarren warren, String queue) {
        Http.Response paused = warren.http.post("/api/queues/" + queue + "/workers/pause");
        assertEquals(200, paused.status(), "pause " + queue + ": " + paused.body());
        assertEquals("paused", paused.json().path("state").asText(), paused.body());
        await("no consumer on paused " + queue).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> broker().consumers(queue) == 0);
    }

    static void resume(RunningWarren warren, String queue) {
        Http.Response resumed = warren.http.post("/api/queues/" + queue + "/workers/resume");
        assertEquals(200, resumed.status(), "resume " + queue + ": " + resumed.body());
        assertEquals("running", resumed.json().path("state").asText(), resumed.body());
    }

    /** POST /api/queues/{queue}/tasks with this task, whatever the answer. */
    static Http.Response publishTask(RunningWarren warren, String queue, Map<String, Object> task) {
        return warren.http.post("/api/queues/" + queue + "/tasks", Http.json(task));
    }



    /** GET /api/jobs/{id}, asserting 200. */
    static JsonNode job(RunningWarren warren, String id) {
        Http.Response response = warren.http.get("/api/jobs/" + id);
        assertEquals(200, response.status(), "GET job " + id + ": " + response.body());
        return response.json();
    }

    /** Waits until the job shows this status; returns its view then. */
    static JsonNode awaitStatus(RunningWarren warren, String id, String status, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await("job " + id + " " + status).atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> status.equals((last[0] = job(warren, id)).path("status").asText()));
        return last[0];
    }

    /** One page of GET /api/jobs with this query string, asserting 200. */
    static JsonNode page(RunningWarren warren, String query) {
        Http.Response response = warren.http.get("/api/jobs?" + query);
        assertEquals(200, response.status(), "GET /api/jobs?" + query + ": " + response.body());
        return response.json();
    }

    /** The ids of every job the query lists, following the cursor. */
    static List<String> listIds(RunningWarren warren, String path, String query) {
        return WarrenCalls.everyItem(warren, path + "?" + query).stream().map(item -> item.path("id").asText()).toList();
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static List<Integer> ints(JsonNode array, String field) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.path(field).isNull() ? null : value.path(field).asInt()));
        return values;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }


}
