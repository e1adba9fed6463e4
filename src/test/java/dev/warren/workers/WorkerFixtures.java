package dev.warren.workers;

import static dev.warren.support.WarrenCalls.group;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the worker group tests do over and over: declare queues, create groups, publish, wait, check problems. */
final class WorkerFixtures {

    private WorkerFixtures() {
    }

    static TestBroker broker() {
        return TestBroker.get();
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



    static JsonNode scale(RunningWarren warren, String queue, int count) {
        Http.Response response = warren.http.post("/api/queues/" + queue + "/workers/scale", "{\"count\": " + count + "}");
        assertEquals(200, response.status(), "scale " + queue + " to " + count + ": " + response.body());
        return response.json();
    }




    /** Waits until the queue has no ready message and its group nothing in flight. */
    static void awaitDrained(RunningWarren warren, String queue, Duration within) {
        await(queue + " drained").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> broker().ready(queue) == 0 && group(warren, queue).path("inFlight").asLong() == 0);
    }


}
