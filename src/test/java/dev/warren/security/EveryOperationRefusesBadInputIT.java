package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: every operation of /api/openapi.json (read from the running warren, so new ones are included by
 * themselves), sent malformed JSON, wrong types, missing and unknown fields, odd and oversized path parameters, bad
 * query values and wrong content types, answers no 5xx, answers every 4xx as application/problem+json, accepts none
 * of the requests that change something, and leaves the broker and the store as they were.
 */
class EveryOperationRefusesBadInputIT extends WarrenPerClass {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Path parameter values no resource may be named: sent as is in the request target. */
    private static final List<String> ODD_NAMES = List.of("a".repeat(300), "%7B%7Bx%7D%7D", "$%7Bx%7D", "%00", "%2e%2e",
            ".", "%2E", "a%2Fb", "%23bean:x", "RAW(x)", "x%0D%0AInjected:%20y", "%C3%BC%F0%9F%98%80", "%20", "amq.x", "a%25zz");
    private static final List<String> BAD_QUERIES = List.of("limit=-1", "limit=abc", "limit=1e309", "limit=99999999999999999999",
            "limit=0", "cursor=%00%FF", "cursor=zzz", "cursor=%20garbage!", "cursor=-5", "status=bogus", "max=abc", "max=-5", "max=1.5", "queue=%00",
            "routingKey=" + "k".repeat(300), "limit=1&limit=x");
    private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x");

    private record Operation(String method, String path, JsonNode spec) {
        boolean changesSomething() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final List<String> findings = new ArrayList<>();
    private JsonNode document;
    private Map<String, String> fixtures;
    private int requests;

    @Test
    void everyOperationAnswersBadInputWithA4xxProblemAndChangesNothing() {
        Http.Response openapi = warren.http.get("/api/openapi.json");
        assertEquals(200, openapi.status(), openapi.body());
        document = openapi.json();
        List<Operation> operations = operations(document);
        assertTrue(operations.size() >= 40, "the document lists the operations: " + operations);

        String queue = declaredQueue(warren, "fuzz");
        String topic = TestBroker.uniqueName("fuzz-topic");
        String exchange = TestBroker.uniqueName("fuzz-exchange");
        try {
            assertEquals(201, warren.http.put("/api/topics/" + topic, null).status());
            assertEquals(201, warren.http.put("/api/exchanges/" + exchange, "{\"type\": \"direct\"}").status());
            putGroup(warren, queue, Map.of("type", "log", "count", 0));
            String job = publish(warren, queue, Map.of("n", 1));
            fixtures = Map.of("queue", queue, "topic", topic, "exchange", exchange, "id", job);
            Map<String, Object> before = state(queue, topic, exchange);

            long started = System.nanoTime();
            // one at a time: should warren wrongly accept one, a storm of declares and deletes of one quorum queue
            // can upset the broker (RabbitMQ 3.10 lost its dead-letter supervisor that way)
            for (Operation operation : operations) {
                malformedBodies(operation);
                wrongContentTypes(operation);
                wrongTypesMissingAndUnknownFields(operation);
                oddPathParameters(operation);
                badQueryValues(operation);
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000;

            assertTrue(findings.isEmpty(), findings.size() + " finding(s) in " + requests + " requests:\n"
                    + String.join("\n", findings));
            assertEquals(before, state(queue, topic, exchange), "the broker and the store are as they were");
            assertTrue(seconds < 60, requests + " requests took " + seconds + " s");
            System.out.println(requests + " requests to " + operations.size() + " operations in " + seconds + " s");
        } finally {
            warren.http.delete("/api/topics/" + topic);
            warren.http.delete("/api/exchanges/" + exchange);
            TestBroker.get().deleteQueues(queue);
        }
    }

    private void malformedBodies(Operation operation) {
        for (String body : List.of("{malformed", "{\"a\": 1,}", "{\"a\": 1} trailing", "{\"a\": " + "[".repeat(2000) + "]}")) {
            expectRefused(operation, "body " + abbreviate(body), send(operation, target(operation, fixtures, null), body,
                    "application/json"));
        }
    }

    private void wrongContentTypes(Operation operation) {
        for (String type : WRONG_CONTENT_TYPES) {
            expectRefused(operation, "Content-Type " + type, send(operation, target(operation, fixtures, null), "a=b&c=d", type));
        }
        expectRefused(operation, "no Content-Type", send(operation, target(operation, fixtures, null), "{\"a\": 1}", null));
    }

    private void wrongTypesMissingAndUnknownFields(Operation operation) {
        JsonNode schema = resolve(operation.spec().path("requestBody").path("content").path("application/json").path("schema"));
        if (!schema.has("properties")) {
            return;
        }
        String target = target(operation, fixtures, null);
        for (String body : List.of("{\"zzUnknownField\": 1}", "[]", "\"text\"", "42")) {
            expectRefused(operation, "body " + body, send(operation, target, body, "application/json"));
        }
        if (schema.path("required").size() > 0) {
            expectRefused(operation, "body {}", send(operation, target, "{}", "application/json"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            for (String wrong : wrongValues(resolve(property.getValue()))) {
                String body = "{\"" + property.getKey() + "\": " + wrong + "}";
                expectRefused(operation, "body " + body, send(operation, target, body, "application/json"));
            }
        }
    }

    private static List<String> wrongValues(JsonNode schema) {
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        if (type.equals("object") && !schema.has("properties") && !schema.has("additionalProperties")) {
            return List.of(); // any JSON (a payload)
        }
        return switch (type) {
            case "integer" -> List.of("\"100\"", "1.9", "0.9", "1e309", "99999999999999999999", "true", "{}", "[1]");
            case "number" -> List.of("\"1.5\"", "1e309", "true", "{}", "[1]");
            case "string" -> List.of("123", "true", "{}", "[\"x\"]", "1.5");
            case "boolean" -> List.of("\"true\"", "1", "{}");
            case "array" -> List.of("5", "\"x\"", "{}");
            case "object" -> List.of("\"x\"", "5", "[1]", "true");
            default -> List.of();
        };
    }

    private void oddPathParameters(Operation operation) {
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        for (String name : names) {
            for (String odd : ODD_NAMES) {
                Map<String, String> values = new LinkedHashMap<>(fixtures);
                values.put(name, odd);
                String target = target(operation, values, null);
                String body = operation.spec().has("requestBody") ? validBody(operation) : null;
                Http.Response response = send(operation, target, body, body == null ? null : "application/json");
                check(operation, target, response);
                if (operation.changesSomething() && response.status() < 300) {
                    findings.add(operation + " accepted the odd name in " + target + ": " + response.status() + " " + abbreviate(response.body()));
                }
            }
        }
    }

    private void badQueryValues(Operation operation) {
        for (String query : BAD_QUERIES) {
            String name = query.substring(0, query.indexOf('='));
            boolean declared = false;
            for (JsonNode parameter : operation.spec().path("parameters")) {
                declared |= parameter.path("in").asText().equals("query") && parameter.path("name").asText().equals(name);
            }
            if (!declared && operation.changesSomething()) {
                // an operation ignores a parameter it does not have: the request would be a good one
                continue;
            }
            String target = target(operation, fixtures, query);
            Http.Response response = send(operation, target, null, null);
            check(operation, target, response);
            // of a repeated parameter the first counts
            boolean mustRefuse = declared && !query.startsWith("queue=") && !query.startsWith("routingKey=")
                    && !query.contains("&");
            if (response.status() < 300 && mustRefuse) {
                findings.add(operation + " accepted the bad query " + query + ": " + response.status());
            }
        }
    }

    /** A body that the operation's schema allows, so that only the path or query is wrong. */
    private String validBody(Operation operation) {
        JsonNode schema = resolve(operation.spec().path("requestBody").path("content").path("application/json").path("schema"));
        String path = operation.path();
        if (path.endsWith("/tasks") || path.endsWith("/messages") || path.endsWith("/publish")) {
            return "{\"payload\": 1}";
        }
        if (path.endsWith("/workers")) {
            return "{\"type\": \"log\", \"count\": 0}";
        }
        if (path.endsWith("/scale") || path.startsWith("/queue/scale")) {
            return "{\"count\": 0}";
        }
        if (path.endsWith("/batch")) {
            return "{\"tasks\": [{\"payload\": 1}]}";
        }
        if (path.endsWith("/bindings")) {
            return "{\"queue\": \"" + fixtures.get("queue") + "\"}";
        }
        if (path.endsWith("/subscribers")) {
            return "{\"id\": \"s1\"}";
        }
        if (path.startsWith("/api/exchanges/")) {
            return "{\"type\": \"direct\"}";
        }
        return schema.has("properties") ? "{}" : "{\"n\": 1}";
    }

    private void expectRefused(Operation operation, String what, Http.Response response) {
        check(operation, what, response);
        if (response.status() < 300 && (operation.changesSomething() || operation.spec().has("requestBody"))) {
            findings.add(operation + " accepted " + what + ": " + response.status() + " " + abbreviate(response.body()));
        }
    }

    private void check(Operation operation, String target, Http.Response response) {
        if (response.status() >= 500) {
            findings.add(operation + " " + target + " answered " + response.status() + ": " + abbreviate(response.body()));
        } else if (response.status() >= 400) {
            boolean problem = response.contentType() != null && response.contentType().startsWith("application/problem+json")
                    && response.json() != null && response.json().path("status").asInt() == response.status()
                    && response.json().hasNonNull("title") && response.json().hasNonNull("detail");
            if (!problem) {
                findings.add(operation + " " + target + " answered " + response.status() + " without a problem: "
                        + response.contentType() + " " + abbreviate(response.body()));
            } else if (response.body().contains("java.") || response.body().contains("Exception")
                    || response.body().contains("com.fasterxml")) {
                findings.add(operation + " " + target + " names internals: " + abbreviate(response.body()));
            }
        }
    }

    private Http.Response send(Operation operation, String target, String body, String contentType) {
        requests++;
        return RawHttp.send(warren.port, operation.method(), target, body, contentType);
    }

    private static String target(Operation operation, Map<String, String> values, String query) {
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        StringBuilder target = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(target, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "x")));
        }
        matcher.appendTail(target);
        if (operation.path().equals("/api/exchanges/{exchange}/bindings") && operation.method().equals("DELETE")) {
            target.append("?queue=").append(values.get("queue"));
            return query == null ? target.toString() : target + "&" + query;
        }
        return query == null ? target.toString() : target + "?" + query;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (Set.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                    operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
                }
            }
        }
        return operations;
    }

    /** What a refused request must leave as it was: the fixtures on the broker, every group and job in the store. */
    private static Map<String, Object> state(String queue, String topic, String exchange) {
        TestBroker broker = TestBroker.get();
        Map<String, Object> state = new TreeMap<>();
        state.put("fixture queue ready", broker.ready(queue));
        state.put("fixture queue consumers", broker.consumers(queue));
        state.put("fixture dead letters", broker.ready(queue + ".dlq"));
        state.put("groups", warren.http.get("/api/workers?limit=1000").json().path("items").toString());
        state.put("jobs", warren.http.get("/api/jobs?limit=1000").json().path("items").size());
        state.put("topic", warren.http.get("/api/topics/" + topic + "/subscribers").body());
        state.put("exchange", warren.http.get("/api/exchanges?limit=1000").json().path("items").findValuesAsText("name")
                .contains(exchange));
        state.put("queues", warren.http.get("/api/queues?limit=1000").json().path("items").findValuesAsText("name").stream()
                .filter(name -> !name.matches("[a-z-]+-[0-9a-f]{8}") || name.startsWith("fuzz")).sorted().toList());
        for (String odd : ODD_NAMES) {
            String decoded = java.net.URLDecoder.decode(odd.replace("%zz", "%25zz"), java.nio.charset.StandardCharsets.UTF_8);
            state.put("queue " + odd, !decoded.isBlank() && decoded.length() <= 255 && broker.exists(decoded));
        }
        return state;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
