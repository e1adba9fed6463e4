package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input of every kind gets a 4xx application/problem+json, never a 5xx, and changes nothing. */
class BadInputIT {

    private static final int IDLE_TIMEOUT_SECONDS = 2;
    private static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.http.idle-timeout-seconds", String.valueOf(IDLE_TIMEOUT_SECONDS)));
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    @Test
    void aQueryStringThatDoesNotDecodeIsA400ProblemOnEveryPath() {
        String queue = declaredQueue(warren, "bad-query");
        try {
            for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/health/live", "/observe/jolokia",
                    "/observe/jolokia/read/java.lang:type=Memory", "/observe/metrics", "/observe/info", "/api/queues",
                    "/api/queues/" + queue, "/api/queues/" + queue + "/workers", "/api/jobs", "/queue/workers",
                    "/api/openapi.json", "/no/such/path")) {
                for (String query : List.of("?%zz", "?limit=%zz", "?a=%", "?%")) {
                    assertProblem(RawHttp.send(warren.port, "GET", path + query, null), 400);
                }
            }
            assertProblem(RawHttp.send(warren.port, "POST", "/api/queues/" + queue + "/tasks?%zz", "{\"payload\": 1}"), 400);
            assertProblem(RawHttp.send(warren.port, "POST", "/observe/jolokia?%zz", "{\"type\": \"version\"}"), 400);
            assertEquals(0, TestBroker.get().ready(queue), "nothing was published");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void anOperationWithoutBodyRefusesAMalformedOneAndDoesNothing() {
        String queue = declaredQueue(warren, "bad-purge");
        try {
            publish(warren, queue, Map.of("n", 1));
            assertProblem(warren.http.post("/api/queues/" + queue + "/purge", "{malformed"), 400);
            assertProblem(warren.http.post("/queue/clear/" + queue, "{malformed"), 400);
            assertEquals(1, TestBroker.get().ready(queue), "the task is still there");

            putGroup(warren, queue, Map.of("type", "log", "count", 0));
            assertProblem(warren.http.post("/api/queues/" + queue + "/workers/pause", "{malformed"), 400);
            assertEquals("stopped", group(warren, queue).path("state").asText(), "not paused");
            assertProblem(warren.http.send("DELETE", "/api/queues/" + queue, "{malformed", "application/json"), 400);
            assertTrue(TestBroker.get().exists(queue), "the queue was not deleted");
            assertEquals(200, warren.http.post("/api/queues/" + queue + "/workers/pause", "{}").status(),
                    "a body of valid JSON is ignored");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void aNullPayloadIsRefusedLikeAMissingOne() {
        String queue = declaredQueue(warren, "bad-null");
        try {
            assertInvalid(warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": null}"), "payload");
            assertInvalid(warren.http.post("/api/queues/" + queue + "/tasks", "{}"), "payload");
            assertInvalid(warren.http.post("/api/queues/" + queue + "/tasks/batch", "{\"tasks\": [{\"payload\": null}]}"),
                    "tasks[0].payload");
            assertEquals(0, TestBroker.get().ready(queue), "nothing was published");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void anIdOfOnlyDotsIsRefusedBecauseItsJobCouldNeverBeAddressed() {
        String queue = declaredQueue(warren, "bad-dots");
        try {
            assertInvalid(warren.http.post("/api/queues/" + queue + "/tasks", "{\"id\": \"..\", \"payload\": 1}"), "id");
            assertInvalid(warren.http.post("/api/queues/" + queue + "/tasks/batch", "{\"tasks\": [{\"id\": \".\", \"payload\": 1}]}"),
                    "tasks[0].id");
            assertEquals(0, TestBroker.get().ready(queue), "nothing was published");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void aFieldNamedTwiceIsRefusedAndNothingIsPublished() {
        String queue = declaredQueue(warren, "bad-twice");
        try {
            for (String body : List.of("{\"id\": \"twice-a\", \"payload\": 1, \"id\": \"twice-b\"}",
                    "{\"payload\": {\"amount\": 1, \"amount\": 100}}")) {
                JsonNode problem = assertProblem(warren.http.post("/api/queues/" + queue + "/tasks", body), 400);
                assertTrue(problem.path("detail").asText().contains("Duplicate field"), "says why: " + problem);
            }
            assertProblem(warren.http.post("/queue/publish/" + queue, "{\"n\": 1, \"n\": 2}"), 400);
            assertEquals(0, TestBroker.get().ready(queue), "nothing was published");
            assertEquals(404, warren.http.get("/api/jobs/twice-a").status(), "no job for either id");
            assertEquals(404, warren.http.get("/api/jobs/twice-b").status(), "no job for either id");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void numbersAsStringsDecimalsAndHugeNumbersAreRefusedNotCoerced() {
        String name = TestBroker.uniqueName("bad-number");
        for (String body : List.of("{\"maxLength\": \"100\"}", "{\"maxLength\": 1.9}", "{\"deliveryLimit\": 0.9}",
                "{\"maxLength\": 1e309}", "{\"messageTtlMs\": true}")) {
            JsonNode problem = assertProblem(warren.http.put("/api/queues/" + name, body), 400);
            assertFalse(problem.toString().contains("java.") || problem.toString().contains("`"),
                    "no Java type named: " + problem);
        }
        assertFalse(TestBroker.get().exists(name), "no queue was declared");
        String queue = declaredQueue(warren, "bad-count");
        try {
            putGroup(warren, queue, Map.of("type", "log", "count", 1));
            for (String body : List.of("{\"count\": \"2\"}", "{\"count\": 1.9}", "{\"count\": 1e309}")) {
                assertInvalid(warren.http.post("/api/queues/" + queue + "/workers/scale", body), "count");
            }
            assertEquals(1, group(warren, queue).path("count").asInt(), "the group kept its count");
            assertInvalid(warren.http.put("/api/queues/" + queue + "/workers",
                    "{\"type\": \"log\", \"count\": 1, \"retry\": {\"backoffMultiplier\": 1e309}}"), "retry.backoffMultiplier");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void aTaskHeaderOf200KbIsTheClientsErrorAndNothingIsPublished() {
        String queue = declaredQueue(warren, "bad-header");
        try {
            Http.Response response = warren.http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", 1,
                    "headers", Map.of("big", "x".repeat(200 * 1024)))));
            assertTrue(response.status() == 400 || response.status() == 413, response.status() + " " + response.body());
            assertProblem(response, response.status());
            assertEquals(0, TestBroker.get().ready(queue), "nothing was published");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void anAcceptThatRulesOutJsonIsA406ProblemWithABody() {
        String queue = declaredQueue(warren, "bad-accept");
        try {
            Http.Response list = warren.http.send("GET", "/api/queues", null, null, Map.of("Accept", "application/xml"));
            JsonNode problem = assertProblem(list, 406);
            assertTrue(problem.path("detail").asText().contains("application/json"), problem.toString());
            assertProblem(warren.http.send("POST", "/api/queues/" + queue + "/tasks", "{\"payload\": 1}", "application/json",
                    Map.of("Accept", "text/html")), 406);
            assertEquals(0, TestBroker.get().ready(queue), "nothing was published");
            assertEquals(200, warren.http.send("GET", "/api/queues", null, null,
                    Map.of("Accept", "text/html, application/json;q=0.5")).status(), "JSON among others is fine");
            assertEquals(200, warren.http.send("GET", "/api/queues", null, null, Map.of("Accept", "*/*")).status());
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void aConnectionThatStallsHalfWayThroughARequestIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", warren.port)) {
            socket.setSoTimeout((IDLE_TIMEOUT_SECONDS + 10) * 1000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /api/queues/x/tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Le"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            int read;
            try {
                while ((read = in.read()) >= 0) {
                    // whatever the server may answer before closing is read and dropped
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection was still open after " + (IDLE_TIMEOUT_SECONDS + 10) + " s", e);
            } catch (java.net.SocketException e) {
                // a reset is a close too
            }
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(open.toMillis() >= (IDLE_TIMEOUT_SECONDS * 1000L) - 500, "closed after the idle timeout, not at once: " + open);
            assertTrue(open.toMillis() < (IDLE_TIMEOUT_SECONDS + 5) * 1000L, "closed soon after the idle timeout: " + open);
        }
    }

    @Test
    void anOversizedRequestLineOrHeaderIsA4xxProblem() {
        JsonNode uri = assertProblem(RawHttp.send(warren.port, "GET", "/api/queues/" + "q".repeat(10_000), null), 414);
        assertTrue(uri.path("detail").asText().length() < 300, uri.toString());
        assertProblem(RawHttp.send(warren.port, "GET", "/api/queues", null, null, Map.of("X-Big", "x".repeat(20_000))), 431);
    }
}
