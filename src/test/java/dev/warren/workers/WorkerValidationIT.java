package dev.warren.workers;

import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Queues.deleteQueue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad worker group requests: a 4xx problem naming what is wrong, and nothing changes. */
class WorkerValidationIT extends WarrenPerClass {

    private String queue;

    @BeforeEach
    void declare() {
        queue = declaredQueue(warren, "invalid");
    }

    @AfterEach
    void delete() {
        deleteQueue(warren, queue);
    }

    private Http.Response put(Map<String, Object> spec) {
        return warren.http.put("/api/queues/" + queue + "/workers", Http.json(spec));
    }

    private static Map<String, Object> spec(Object count, String type, Map<String, Object> target) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", type);
        if (target != null) {
            spec.put("target", target);
        }
        return spec;
    }

    private static Map<String, Object> valid() {
        return spec(2, "http", Map.of("url", "http://127.0.0.1:9/hook"));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    /** The queue still has no group: 404 for its workers, none listed, no consumer on the broker. */
    private void assertNoGroup() {
        assertProblem(warren.http.get("/api/queues/" + queue + "/workers"), 404);
        JsonNode all = warren.http.get("/api/workers").json();
        all.path("items").forEach(item -> assertFalse(queue.equals(item.path("queue").asText()), "listed: " + all));
        assertEquals(0, broker().consumers(queue), "no consumer on the broker");
        JsonNode queueView = warren.http.get("/api/queues/" + queue).json();
        assertFalse(queueView.hasNonNull("workers"), "the queue view shows no group: " + queueView);
    }

    @Test
    void aCountOutsideZeroToFiveHundredIsRejected() {
        assertInvalid(put(spec(-1, "http", Map.of("url", "http://127.0.0.1:9/hook"))), "count");
        assertNoGroup();
        assertInvalid(put(spec(501, "http", Map.of("url", "http://127.0.0.1:9/hook"))), "count");
        assertNoGroup();
        assertInvalid(put(spec(null, "http", Map.of("url", "http://127.0.0.1:9/hook"))), "count");
        assertNoGroup();
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheKnownOnes() {
        JsonNode problem = assertInvalid(put(spec(1, "carrier-pigeon", null)), "type");
        assertTrue(problem.toString().contains("http") && problem.toString().contains("log"),
                "the known types are named: " + problem);
        assertNoGroup();
        assertInvalid(put(spec(1, null, null)), "type");
        assertNoGroup();
    }

    @Test
    void anHttpGroupWithoutATargetIsRejectedNamingTargetUrl() {
        JsonNode problem = assertInvalid(put(spec(1, "http", null)), "target.url");
        assertTrue(problem.path("detail").asText().contains("target"), "the detail says what to set: " + problem);
        assertNoGroup();
        assertInvalid(put(spec(1, "http", Map.of("method", "POST"))), "target.url");
        assertNoGroup();
    }

    @Test
    void aTargetUrlThatIsNotHttpIsRejected() {
        for (String url : new String[] {"ftp://x", "not a url", "/relative/path", "http://", "mailto:a@b.c"}) {
            assertInvalid(put(spec(1, "http", Map.of("url", url))), "target.url");
            assertNoGroup();
        }
    }

    @Test
    void otherTargetValuesOutOfRangeAreRejected() {
        assertInvalid(put(spec(1, "http", Map.of("url", "http://127.0.0.1:9/", "method", "TRACE"))), "target.method");
        assertInvalid(put(spec(1, "http", Map.of("url", "http://127.0.0.1:9/", "timeoutMs", 0))), "target.timeoutMs");
        assertNoGroup();
    }

    @Test
    void retryValuesOutOfRangeAreRejected() {
        assertInvalid(put(with(valid(), "retry", Map.of("maxAttempts", 0))), "retry.maxAttempts");
        assertNoGroup();
        assertInvalid(put(with(valid(), "retry", Map.of("backoffMultiplier", 0.5))), "retry.backoffMultiplier");
        assertNoGroup();
        assertInvalid(put(with(valid(), "retry", Map.of("backoffMs", -1))), "retry.backoffMs");
        assertNoGroup();
        assertInvalid(put(with(valid(), "retry", Map.of("backoffMs", 5000, "maxBackoffMs", 1000))), "retry.maxBackoffMs");
        assertNoGroup();
    }

    @Test
    void circuitBreakerAndSlowDownValuesOutOfRangeAreRejected() {
        assertInvalid(put(with(valid(), "circuitBreaker", Map.of("failureRatio", 1.5))), "circuitBreaker.failureRatio");
        assertNoGroup();
        assertInvalid(put(with(valid(), "circuitBreaker", Map.of("failureThreshold", 0))), "circuitBreaker.failureThreshold");
        assertNoGroup();
        assertInvalid(put(with(valid(), "circuitBreaker", Map.of("coolOffMs", 10_000, "maxCoolOffMs", 1_000))),
                "circuitBreaker.maxCoolOffMs");
        assertNoGroup();
        assertInvalid(put(with(valid(), "slowDown", Map.of("pauseMs", -1))), "slowDown.pauseMs");
        assertNoGroup();
    }

    @Test
    void rateLimitValuesOutOfRangeAreRejected() {
        assertInvalid(put(with(valid(), "rateLimit", Map.of())), "rateLimit.perSecond");
        assertNoGroup();
        assertInvalid(put(with(valid(), "rateLimit", Map.of("perSecond", 0))), "rateLimit.perSecond");
        assertNoGroup();
        assertInvalid(put(with(valid(), "rateLimit", Map.of("perSecond", 50, "burst", 51))), "rateLimit.burst");
        assertNoGroup();
        // a limited consumer holds only the task it starts next
        assertInvalid(put(with(with(valid(), "rateLimit", Map.of("perSecond", 50)), "prefetch", 10)), "prefetch");
        assertNoGroup();
    }

    @Test
    void aPrefetchBelowOneIsRejected() {
        assertInvalid(put(with(valid(), "prefetch", 0)), "prefetch");
        assertNoGroup();
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(warren.http.put("/api/queues/" + queue + "/workers", "{\"count\": 2, "), 400);
        assertNoGroup();
    }

    @Test
    void aQueueThatDoesNotExistIsNotFound() {
        String missing = TestBroker.uniqueName("missing");
        JsonNode problem = assertProblem(warren.http.put("/api/queues/" + missing + "/workers", Http.json(valid())), 404);
        assertTrue(problem.path("detail").asText().contains(missing), "the detail names the queue: " + problem);
        assertFalse(broker().exists(missing), "the queue was not declared");
        assertProblem(warren.http.get("/api/queues/" + missing + "/workers"), 404);
    }

    @Test
    void anInvalidQueueNameIsABadRequest() {
        assertInvalid(warren.http.put("/api/queues/amq.reserved/workers", Http.json(valid())), "queue");
    }

    @Test
    void operationsOnAQueueWithoutAGroupAreNotFound() {
        assertProblem(warren.http.post("/api/queues/" + queue + "/workers/scale", "{\"count\": 2}"), 404);
        assertProblem(warren.http.post("/api/queues/" + queue + "/workers/pause"), 404);
        assertProblem(warren.http.post("/api/queues/" + queue + "/workers/resume"), 404);
        assertProblem(warren.http.delete("/api/queues/" + queue + "/workers"), 404);
        assertNoGroup();
    }

    @Test
    void badScaleRequestsLeaveTheGroupAsItWas() {
        putGroup(warren, queue, spec(2, "log", null));
        awaitConsumers(queue, 2, Duration.ofSeconds(2));
        String path = "/api/queues/" + queue + "/workers/scale";
        assertInvalid(warren.http.post(path, "{\"count\": -1}"), "count");
        assertInvalid(warren.http.post(path, "{\"count\": 501}"), "count");
        assertInvalid(warren.http.post(path, "{}"), "count");
        assertProblem(warren.http.post(path, "{\"count\": "), 400);
        assertEquals(2, group(warren, queue).path("count").asInt());
        assertEquals(2, broker().consumers(queue));
    }

    @Test
    void anInvalidReplacementLeavesTheRunningGroupAsItWas() {
        putGroup(warren, queue, spec(2, "log", null));
        awaitConsumers(queue, 2, Duration.ofSeconds(2));
        JsonNode before = group(warren, queue);
        assertInvalid(put(spec(3, "http", null)), "target.url");
        assertInvalid(put(spec(3, "carrier-pigeon", null)), "type");
        assertInvalid(put(spec(3, "http", Map.of("url", "ftp://x"))), "target.url");
        JsonNode after = group(warren, queue);
        assertEquals(before.path("type"), after.path("type"), after.toString());
        assertEquals(before.path("count"), after.path("count"), after.toString());
        assertEquals("running", after.path("state").asText(), after.toString());
        assertEquals(2, broker().consumers(queue), "the group still consumes");
    }
}
