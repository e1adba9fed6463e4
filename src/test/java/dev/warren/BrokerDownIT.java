package dev.warren;

import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren whose broker cannot be reached: it starts, and every call that needs the broker is a 503. */
class BrokerDownIT {

    static RunningWarren warren;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.get();
        int closed = closedPort();
        // starting at all is part of the test: warren must come up while RabbitMQ is down
        warren = RunningWarren.start(Map.of(
                "warren.rabbitmq.uri", "amqp://guest:guest@localhost:" + closed,
                "warren.rabbitmq.management-uri", "http://guest:guest@localhost:" + closed));
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    /** A port nothing listens on: one the system just handed out and that was closed again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void publishingIs503AndNothingReachesTheBroker() {
        String queue = TestBroker.uniqueName("down-publish");
        JsonNode problem = assertProblem(warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": 1}"), 503);
        assertTrue(problem.path("detail").asText().toLowerCase().contains("broker"), "says the broker is the cause: " + problem);
        assertProblem(warren.http.post("/api/queues/" + queue + "/tasks/batch", "{\"tasks\": [{\"payload\": 1}]}"), 503);
        assertFalse(broker.exists(queue), "the real broker never saw the queue");
    }

    @Test
    void declaringAQueueIs503AndCreatesNothing() {
        String queue = TestBroker.uniqueName("down-declare");
        assertProblem(warren.http.put("/api/queues/" + queue, "{}"), 503);
        assertFalse(broker.exists(queue), "the real broker has no such queue");
        assertFalse(broker.exists(queue + ".dlq"), "nor its dead-letter queue");
    }

    @Test
    void readingAndChangingQueuesIs503NotA404() {
        String queue = TestBroker.uniqueName("down-read");
        assertProblem(warren.http.get("/api/queues/" + queue), 503);
        assertProblem(warren.http.post("/api/queues/" + queue + "/purge"), 503);
        assertProblem(warren.http.delete("/api/queues/" + queue), 503);
    }

    @Test
    void listingQueuesIs503() {
        Http.Response answer = warren.http.get("/api/queues");
        assertEquals(503, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.contentType(), answer.body());
        assertTrue(answer.json().path("detail").asText().contains("management API"), "names what is down: " + answer.body());
    }

    @Test
    void listingQueuesIs503WithoutJavaInternals() {
        assertProblem(warren.http.get("/api/queues"), 503);
    }

    @Test
    void badInputIsStill400WithoutTheBroker() {
        assertInvalid(warren.http.put("/api/queues/amq.x", "{}"), "queue");
        assertInvalid(warren.http.post("/api/queues/q/tasks", "{\"id\": \"no-payload\"}"), "payload");
        assertProblem(warren.http.post("/api/queues/q/tasks", "{"), 400);
    }

    @Test
    void theHttpServerStillAnswersProblemsForUnknownPaths() {
        Http.Response answer = warren.http.get("/nope");
        assertProblem(answer, 404);
    }
}
