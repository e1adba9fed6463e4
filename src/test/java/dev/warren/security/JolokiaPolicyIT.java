package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Jolokia lets a caller do: control worker routes only, never from a foreign page, never see a stack trace. */
class JolokiaPolicyIT extends WarrenPerClass {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<String> API_ROUTES = List.of("api-publish-task", "api-get-queue", "api-openapi", "api-list-queues");

    @Test
    void apiRoutesHaveNoMBeanToStopSoAPublishNeverMeetsAStoppedRoute() {
        for (String route : API_ROUTES) {
            String mbean = "org.apache.camel:context=warren,type=routes,name=\"" + route + "\"";
            assertEquals(403, jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "stop()")).path("status").asInt(), route);
            assertEquals(404, jolokia(Map.of("type", "read", "mbean", mbean, "attribute", "State")).path("status").asInt(), route);
        }
    }

    @Test
    void aWorkerRouteCanStillBeStoppedAndStarted() {
        String queue = declaredQueue(warren, "jolokia-worker");
        try {
            putGroup(warren, queue, Map.of("type", "log", "count", 1));
            awaitConsumers(queue, 1, Duration.ofSeconds(20));
            String mbean = "org.apache.camel:context=warren,type=routes,name=\"worker-" + queue + "\"";
            assertEquals(200, jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "stop()")).path("status").asInt());
            awaitConsumers(queue, 0, Duration.ofSeconds(20));
            assertEquals(200, jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "start()")).path("status").asInt());
            awaitConsumers(queue, 1, Duration.ofSeconds(20));
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void noConsumerOrEndpointShowsTheAddressOrUserItConnectsWith() {
        String queue = declaredQueue(warren, "jolokia-location");
        try {
            putGroup(warren, queue, Map.of("type", "log", "count", 1));
            awaitConsumers(queue, 1, Duration.ofSeconds(20));
            List<String> located = new java.util.ArrayList<>();
            for (String type : List.of("consumers", "producers", "endpoints")) {
                jolokia(Map.of("type", "search", "mbean", "org.apache.camel:context=warren,type=" + type + ",*"))
                        .path("value").forEach(name -> located.add(name.asText()));
            }
            assertTrue(located.stream().anyMatch(name -> name.contains("worker-" + queue) || name.contains("spring-rabbitmq")),
                    "the worker's consumer is among them: " + located);
            for (String mbean : located) {
                for (String attribute : List.of("ServiceLocationUrl", "ServiceMetadata", "ServiceLocationMetadata")) {
                    JsonNode answer = jolokia(Map.of("type", "read", "mbean", mbean, "attribute", attribute));
                    assertTrue(answer.path("status").asInt() == 403 || answer.path("status").asInt() == 404,
                            attribute + " of " + mbean + ": " + answer);
                }
            }
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void routeDefinitionsAreNotDumped() {
        String context = "org.apache.camel:context=warren,type=context,name=\"warren\"";
        for (String operation : List.of("dumpRoutesAsXml()", "dumpRoutesAsXml(boolean)", "dumpRoutesAsXml(boolean,boolean)",
                "dumpRoutesAsYaml()", "dumpRoutesAsYaml(boolean)", "dumpRestsAsXml()")) {
            JsonNode answer = jolokia(Map.of("type", "exec", "mbean", context, "operation", operation,
                    "arguments", operation.contains("boolean,") ? List.of(true, true) : operation.contains("boolean") ? List.of(true) : List.of()));
            assertEquals(403, answer.path("status").asInt(), operation + ": " + answer);
        }
    }

    @Test
    void aRequestFromAPageOfAnotherOriginIsRefusedAndChangesNothing() {
        String queue = declaredQueue(warren, "jolokia-origin");
        try {
            putGroup(warren, queue, Map.of("type", "log", "count", 1));
            awaitConsumers(queue, 1, Duration.ofSeconds(20));
            String mbean = "org.apache.camel:context=warren,type=routes,name=\"worker-" + queue + "\"";
            String stop = Http.json(Map.of("type", "exec", "mbean", mbean, "operation", "stop()"));
            for (Map<String, String> headers : List.of(Map.of("Origin", "http://evil.example"),
                    Map.of("Referer", "http://evil.example/page.html"), Map.of("Origin", "null"),
                    Map.of("Sec-Fetch-Site", "cross-site"),
                    Map.of("Origin", "http://localhost:" + warren.port))) {
                Http.Response refused = warren.http.send("POST", "/observe/jolokia/", stop, "text/plain", headers);
                assertProblem(refused, 403);
                Http.Response read = warren.http.send("GET", "/observe/jolokia/version", null, null, headers);
                assertProblem(read, 403);
            }
            assertEquals(1, TestBroker.get().consumers(queue), "the worker route still runs");
            assertEquals(200, warren.http.get("/observe/jolokia/version").status(), "a client that is not a page is served");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void theVersionAnswerNamesNeitherTheProcessNorTheHostNorAFile() throws Exception {
        String body = warren.http.get("/observe/jolokia/version").body();
        String agentId = parse(body).path("value").path("details").path("agent_id").asText();

        assertTrue(agentId.startsWith("warren-"), "an agent id of warren's own: " + body);
        assertFalse(agentId.contains(String.valueOf(ProcessHandle.current().pid())), "the process id: " + body);
        assertFalse(body.contains("jolokia-access.xml"), "where the access policy is read from: " + body);
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                assertFalse(body.contains(address.getHostAddress().replaceAll("%.*", "")), "a host address: " + body);
            }
        }
    }

    @Test
    void noAnswerCarriesAStackTraceOrErrorDetailsWhateverTheRequestAsks() {
        String noSuch = "org.apache.camel:context=warren,type=routes,name=\"no-such-route\"";
        for (String query : List.of("", "?includeStackTrace=true", "?includeStackTrace=true&allowErrorDetails=true",
                "?serializeException=true&includeStackTrace=runtime")) {
            Http.Response get = warren.http.get("/observe/jolokia/read/" + noSuch.replace("\"", "%22") + "/State" + query);
            assertNoDetails(get.body());
            Http.Response post = warren.http.post("/observe/jolokia/" + query, Http.json(Map.of("type", "read", "mbean", noSuch,
                    "attribute", "State", "config", Map.of("includeStackTrace", "true", "serializeException", "true"))));
            assertNoDetails(post.body());
            assertTrue(parse(post.body()).path("status").asInt() >= 400, "still an error: " + post.body());
        }
        Http.Response badExec = warren.http.post("/observe/jolokia/?includeStackTrace=true", Http.json(Map.of("type", "exec",
                "mbean", "org.apache.camel:context=warren,type=context,name=\"warren\"", "operation", "dumpRoutesStatsAsXml(boolean,boolean)",
                "arguments", List.of("not-a-boolean", "x"))));
        assertNoDetails(badExec.body());
    }

    private static void assertNoDetails(String body) {
        for (String detail : List.of("stacktrace", "\tat ", "at org.", "at java.", "error_value", "Exception:")) {
            assertFalse(body.contains(detail), "'" + detail + "' in " + body);
        }
    }

    private static JsonNode jolokia(Map<String, Object> request) {
        Http.Response response = warren.http.post("/observe/jolokia/", Http.json(request));
        assertEquals(200, response.status(), "Jolokia answers in its body: " + response.body());
        return parse(response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
