package dev.warren.workers;

import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Queues.deleteQueue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.workers.WorkerFixtures.awaitDrained;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Flask queue-management API's endpoints keep working for users moving over. */
class CompatApiIT extends WarrenPerClass {

    private static Http.Response compatScale(String queue, String body) {
        return warren.http.post("/queue/scale/" + queue, body);
    }

    private static Http.Response compatPublish(String queue) {
        return warren.http.post("/queue/publish/" + queue, "{\"worker_type\": \"log\", \"domain_name\": \"example.com\"}");
    }

    private static JsonNode listed(JsonNode list, String queue) {
        JsonNode items = list.isArray() ? list : list.path("items");
        for (JsonNode item : items) {
            if (queue.equals(item.path("queue").asText())) {
                return item;
            }
        }
        return null;
    }

    @Test
    void scalingPublishingAndListingWorkAsInTheFlaskApi() {
        String queue = TestBroker.uniqueName("compat");
        try {
            Http.Response scaled = compatScale(queue, "{\"count\": 2, \"worker_type\": \"log\"}");
            assertEquals(200, scaled.status(), scaled.body());
            assertTrue(broker().exists(queue), "a missing queue is declared, as the Flask API did");
            awaitConsumers(queue, 2, Duration.ofSeconds(2));
            JsonNode view = group(warren, queue);
            assertEquals("log", view.path("type").asText(), view.toString());
            assertEquals(2, view.path("count").asInt(), view.toString());

            Http.Response published = compatPublish(queue);
            assertEquals(202, published.status(), published.body());
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            await("the log worker took the task").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == 1);

            Http.Response all = warren.http.get("/queue/workers");
            assertEquals(200, all.status(), all.body());
            JsonNode entry = listed(all.json(), queue);
            assertTrue(entry != null, "GET /queue/workers lists " + queue + ": " + all.body());
            assertEquals("log", entry.path("type").asText(), entry.toString());
            assertEquals(2, entry.path("count").asInt(), entry.toString());

            Http.Response one = warren.http.get("/queue/workers/" + queue + "?_=1700000000");
            assertEquals(200, one.status(), "query parameters the Flask API ignored are ignored: " + one.body());
            assertEquals(queue, one.json().path("queue").asText(), one.body());
            assertEquals(2, one.json().path("count").asInt(), one.body());

            Http.Response rescaled = compatScale(queue, "{\"count\": 3}");
            assertEquals(200, rescaled.status(), "the type is kept when not given: " + rescaled.body());
            awaitConsumers(queue, 3, Duration.ofSeconds(2));
            assertEquals("log", group(warren, queue).path("type").asText());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void publishingToAMissingQueueDeclaresIt() {
        String queue = TestBroker.uniqueName("compat-publish");
        try {
            Http.Response published = compatPublish(queue);
            assertEquals(202, published.status(), published.body());
            assertTrue(broker().exists(queue), "declared");
            assertEquals(1, broker().ready(queue), "the task waits for workers");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void clearingStopsTheWorkersAndPurgesTheQueue() {
        String queue = TestBroker.uniqueName("compat-clear");
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.ok().after(500))) {
            Http.Response declared = warren.http.put("/api/queues/" + queue, "{}");
            assertEquals(201, declared.status(), declared.body());
            putGroup(warren, queue, httpGroup(2, target.url(), null));
            awaitConsumers(queue, 2, Duration.ofSeconds(2));
            for (int i = 0; i < 10; i++) {
                assertEquals(202, compatPublish(queue).status());
            }
            await("two tasks in flight").atMost(Duration.ofSeconds(5)).until(() -> target.requests().size() >= 2);

            Http.Response cleared = warren.http.post("/queue/clear/" + queue);
            assertEquals(200, cleared.status(), cleared.body());
            awaitConsumers(queue, 0, Duration.ofSeconds(1));
            assertEquals(0, broker().ready(queue), "queue purged");
            int delivered = target.requests().size();
            assertEquals(10 - delivered, cleared.json().path("purged").asInt(), "the answer counts the purged: " + cleared.body());
            assertProblem(warren.http.get("/queue/workers/" + queue), 404);
            assertTrue(broker().exists(queue), "the queue itself stays");
            await("nothing comes back").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> broker().ready(queue) == 0 && target.requests().size() == delivered);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void clearingAQueueThatDoesNotExistIsNotFound() {
        assertProblem(warren.http.post("/queue/clear/" + TestBroker.uniqueName("compat-none")), 404);
    }

    @Test
    void aWorkerTypeThatNeedsATargetSaysWhatToSet() {
        String queue = TestBroker.uniqueName("compat-http");
        try {
            Http.Response response = compatScale(queue, "{\"count\": 1, \"worker_type\": \"http\"}");
            JsonNode problem = assertInvalid(response, "target.url");
            assertTrue(problem.path("detail").asText().contains("target"), "the detail says to set a target: " + problem);
            assertProblem(warren.http.get("/queue/workers/" + queue), 404);
            assertTrue(broker().consumers(queue) <= 0, "no consumer");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aRejectedScaleRequestDeclaresNothing() {
        String queue = TestBroker.uniqueName("compat-reject");
        try {
            assertInvalid(compatScale(queue, "{\"count\": 1, \"worker_type\": \"http\"}"), "target.url");
            assertFalse(broker().exists(queue), "a rejected request leaves no queue behind");
            assertInvalid(compatScale(queue, "{\"count\": 1, \"worker_type\": \"carrier-pigeon\"}"), "worker_type");
            assertFalse(broker().exists(queue), "a rejected request leaves no queue behind");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void badCompatScaleRequestsAreRejected() {
        String queue = TestBroker.uniqueName("compat-bad");
        try {
            assertInvalid(compatScale(queue, "{\"count\": -1, \"worker_type\": \"log\"}"), "count");
            assertInvalid(compatScale(queue, "{\"count\": 501, \"worker_type\": \"log\"}"), "count");
            assertInvalid(compatScale(queue, "{\"count\": 1}"), "worker_type");
            assertProblem(compatScale(queue, "{\"count\": "), 400);
            assertProblem(warren.http.get("/queue/workers/" + queue), 404);
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
