package dev.warren;

import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a request can go wrong is answered with an RFC 9457 problem, never a stack trace or an HTML page. */
class ProblemResponsesIT {

    /** camel.server.maxBodySize in application.properties. */
    private static final int MAX_BODY = 1_048_576;

    static RunningWarren warren;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.get();
        warren = RunningWarren.start();
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    private static String tasksOf(String queue) {
        return "/api/queues/" + queue + "/tasks";
    }

    /** A task whose whole JSON body is exactly this many bytes. */
    private static String taskOfSize(int bytes) {
        String frame = "{\"payload\": \"\"}";
        return "{\"payload\": \"" + "x".repeat(bytes - frame.length()) + "\"}";
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        String queue = TestBroker.uniqueName("malformed");
        JsonNode problem = assertProblem(warren.http.post(tasksOf(queue), "{\"payload\": 1,}"), 400);
        assertEquals("Bad Request", problem.path("title").asText(), "title: " + problem);
        assertTrue(problem.path("detail").asText().contains("line 1, column"), "names the position: " + problem);
        assertProblem(warren.http.put("/api/queues/" + queue, "{\"type\": "), 400);
        assertProblem(warren.http.post(tasksOf(queue) + "/batch", "not json"), 400);
        assertProblem(warren.http.post(tasksOf(queue), "{\"payload\": {\"a\": 1,}}"), 400);
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        String queue = TestBroker.uniqueName("not-object");
        assertInvalid(warren.http.put("/api/queues/" + queue, "[]"), "body");
        assertInvalid(warren.http.post(tasksOf(queue), "42"), "body");
        assertProblem(warren.http.post(tasksOf(queue), "null"), 400);
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void aMissingBodyIs400() {
        String queue = TestBroker.uniqueName("no-body");
        assertProblem(warren.http.send("POST", tasksOf(queue), null, "application/json"), 400);
        assertProblem(warren.http.send("POST", tasksOf(queue) + "/batch", "", "application/json"), 400);
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        String queue = TestBroker.uniqueName("no-type");
        JsonNode problem = assertProblem(warren.http.send("POST", tasksOf(queue), "{\"payload\": 1}", null), 415);
        assertEquals("Unsupported Media Type", problem.path("title").asText(), "title: " + problem);
        assertProblem(warren.http.send("PUT", "/api/queues/" + queue, "{}", null), 415);
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void aTextBodyIs415() {
        String queue = TestBroker.uniqueName("text");
        assertProblem(warren.http.send("POST", tasksOf(queue), "{\"payload\": 1}", "text/plain"), 415);
        assertProblem(warren.http.send("PUT", "/api/queues/" + queue, "{}", "text/plain; charset=utf-8"), 415);
        assertProblem(warren.http.send("POST", tasksOf(queue), "payload=1", "application/x-www-form-urlencoded"), 415);
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void jsonMediaTypesWithParametersOrSuffixesAreAccepted() {
        String queue = TestBroker.uniqueName("json-types");
        try {
            assertEquals(201, warren.http.send("PUT", "/api/queues/" + queue, "{}", "application/json; charset=UTF-8").status(),
                    "application/json with a charset");
            assertEquals(202, warren.http.send("POST", tasksOf(queue), "{\"payload\": 1}", "application/vnd.warren+json").status(),
                    "a +json media type");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String queue = TestBroker.uniqueName("too-large");
        JsonNode problem = assertProblem(warren.http.post(tasksOf(queue), taskOfSize(MAX_BODY + 1)), 413);
        assertTrue(problem.path("detail").asText().contains("(" + MAX_BODY + " bytes, camel.server.maxBodySize)"),
                "says the limit: " + problem);
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        String queue = TestBroker.uniqueName("at-limit");
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status(), "declared");
            Http.Response accepted = warren.http.post(tasksOf(queue), taskOfSize(MAX_BODY));
            assertEquals(202, accepted.status(), "a body of exactly the limit: " + accepted.body());
            assertEquals(1, broker.drain(queue).size(), "enqueued");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anUnknownPathIs404ProblemNotHtml() {
        for (String path : new String[] {"/nope", "/api/nope", "/api/queues/q/nope", "/api/queues/q/tasks/x/y"}) {
            Http.Response answer = warren.http.get(path);
            JsonNode problem = assertProblem(answer, 404);
            assertFalse(answer.body().contains("<html"), "not an HTML page: " + answer.body());
            assertEquals("Not Found", problem.path("title").asText(), "title for " + path + ": " + problem);
        }
    }

    @Test
    void aWrongMethodIs405ProblemWithTheAllowedMethods() {
        assertAllows("GET", warren.http.delete("/api/queues"));
        assertAllows("DELETE, GET, PUT", warren.http.send("PATCH", "/api/queues/q", "{}", "application/json"));
        assertAllows("POST", warren.http.get("/api/queues/q/purge"));
        assertAllows("POST", warren.http.put("/api/queues/q/tasks", "{\"payload\": 1}"));
        assertAllows("DELETE, GET, POST", warren.http.put("/api/exchanges/e/bindings", "{}"));
        assertAllows("GET", warren.http.delete("/queue/workers/q"));
        assertAllows("DELETE, GET, PUT", warren.http.send("OPTIONS", "/api/queues/q", null, null));
    }

    @Test
    void headIs405AllowingGetAndRunsNothing() {
        String queue = TestBroker.uniqueName("head");
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
            Http.Response head = warren.http.send("HEAD", "/api/queues/" + queue, null, null);
            assertEquals(405, head.status(), head.body());
            assertEquals("DELETE, GET, PUT", head.header("Allow"));
            assertEquals("", head.body(), "a HEAD answer has no body");
            Http.Response pull = warren.http.send("HEAD", "/api/topics/t/subscribers/s/messages", null, null);
            assertEquals(405, pull.status(), "a GET that takes messages is not run for a HEAD");
            assertEquals("GET", pull.header("Allow"));
        } finally {
            broker.deleteQueues(queue);
        }
    }

    private static void assertAllows(String methods, Http.Response answer) {
        JsonNode problem = assertProblem(answer, 405);
        assertEquals(methods, answer.header("Allow"), "RFC 9110: a 405 has Allow: " + answer.headers());
        assertTrue(problem.path("detail").asText().endsWith("it takes " + methods), problem.toString());
    }

    @Test
    void aBodyInACharsetOtherThanUtf8Is415AndChangesNothing() {
        String queue = TestBroker.uniqueName("latin1");
        // read as UTF-8, these ISO-8859-1 bytes would be the task "é", not the "Ã©" the client sent
        byte[] latin1 = "{\"payload\": \"Ã©\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status(), "declared");
            for (String charset : new String[] {"iso-8859-1", "ISO-8859-1", "windows-1252", "\"latin1\"", "utf-16"}) {
                JsonNode problem = assertProblem(warren.http.sendBytes("POST", tasksOf(queue), latin1,
                        "application/json; charset=" + charset), 415);
                assertTrue(problem.path("detail").asText().contains("UTF-8"), "names the charset it reads: " + problem);
            }
            assertProblem(warren.http.sendBytes("PUT", "/api/queues/" + queue + "/workers", latin1,
                    "application/json; charset=iso-8859-1"), 415);
            assertProblem(warren.http.sendBytes("POST", "/queue/publish/" + queue, latin1, "application/json; charset=iso-8859-1"), 415);
            assertProblem(warren.http.sendBytes("POST", "/api/queues/" + queue + "/purge", latin1,
                    "application/json; charset=iso-8859-1"), 415);
            assertEquals(0, broker.ready(queue), "no task altered, none enqueued");
            assertEquals(404, warren.http.get("/api/queues/" + queue + "/workers").status(), "no worker group");

            byte[] utf8 = "{\"payload\": \"Ã©\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(202, warren.http.sendBytes("POST", tasksOf(queue), utf8, "application/json; charset=utf-8").status());
            assertTrue(new String(broker.drain(queue).get(0).getBody(), java.nio.charset.StandardCharsets.UTF_8).contains("Ã©"),
                    "UTF-8 is read as sent");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aJobsQueueFilterNoQueueCanHaveIs400NamingIt() {
        for (String bad : new String[] {"bad name", "{{x}}", "${x}", "#class:java.lang.Runtime", "RAW(x)", "q&opt=1",
                "kafka:", "kafka:a b", "amq.gen"}) {
            Http.Response answer = warren.http.get("/api/jobs?queue=" + java.net.URLEncoder.encode(bad,
                    java.nio.charset.StandardCharsets.UTF_8));
            JsonNode problem = assertInvalid(answer, "queue");
            assertTrue(problem.toString().contains(bad), "names the value as data: " + problem);
        }
        assertEquals(200, warren.http.get("/api/jobs?queue=" + TestBroker.uniqueName("no-jobs")).status(), "a queue's name");
        assertEquals(200, warren.http.get("/api/jobs?queue=kafka:orders").status(), "a Kafka topic's jobs");
        assertEquals(200, warren.http.get("/api/jobs?queue=").status(), "an empty filter is none");
    }

    @Test
    void anUnknownFieldIs400NamingItAndTheAllowedOnes() {
        String queue = TestBroker.uniqueName("unknown-field");
        JsonNode problem = assertInvalid(warren.http.put("/api/queues/" + queue, "{\"type\": \"quorum\", \"lazy\": true}"), "lazy");
        assertEquals("https://warren.dev/problems/validation", problem.path("type").asText(), "the validation type");
        String message = problem.path("errors").get(0).path("message").asText();
        assertTrue(message.contains("deliveryLimit, maxLength, messageTtlMs, type"), "names the allowed fields: " + message);
        assertInvalid(warren.http.post(tasksOf(queue), "{\"payload\": 1, \"ttl\": 5}"), "ttl");
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingIt() {
        String queue = TestBroker.uniqueName("wrong-type");
        assertInvalid(warren.http.put("/api/queues/" + queue, "{\"maxLength\": \"ten\"}"), "maxLength");
        assertInvalid(warren.http.post(tasksOf(queue), "{\"payload\": 1, \"headers\": [\"a\"]}"), "headers");
        assertInvalid(warren.http.post(tasksOf(queue) + "/batch", "{\"tasks\": [{\"payload\": 1}, {\"payload\": 2, \"id\": {}}]}"),
                "tasks[1].id");
        assertFalse(broker.exists(queue), "nothing declared");
    }

    @Test
    void hugeNumbersAre400NotServerErrors() {
        String queue = TestBroker.uniqueName("huge");
        assertProblem(warren.http.put("/api/queues/" + queue, "{\"maxLength\": 99999999999999999999999}"), 400);
        assertProblem(warren.http.post(tasksOf(queue), "{\"payload\": 1, \"delayMs\": 1e400}"), 400);
        assertFalse(broker.exists(queue), "nothing declared");
    }
}
