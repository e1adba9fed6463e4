package dev.warren.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document says what validators and Swagger UI need (required fields, enums, descriptions, a usable
 * server), real answers fit it (nulls included), and docs/api.md documents exactly the operations the document has.
 */
class OpenApiContractIT extends WarrenPerClass {

    /** An operation's heading in docs/api.md: "### POST /api/queues/{queue}/tasks". */
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} (GET|PUT|POST|DELETE|PATCH) (/\\S+)\\s*$");

    static JsonNode document;
    static String text;

    @BeforeAll
    static void read() {
        Http.Response response = warren.http.get("/api/openapi.json");
        assertEquals(200, response.status(), response.body());
        text = response.body();
        document = response.json();
    }

    @Test
    void docsApiMdHasAHeadingForEveryOperationOfTheDocumentAndNoOther() throws IOException {
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> written = new TreeSet<>();
        Matcher headings = HEADING.matcher(Files.readString(Path.of("docs/api.md")));
        while (headings.find()) {
            assertTrue(written.add(headings.group(1) + " " + headings.group(2)), "once in docs/api.md: " + headings.group());
        }
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(written);
        Set<String> extra = new TreeSet<>(written);
        extra.removeAll(documented);
        assertEquals(Set.of(), missing, "operations of /api/openapi.json without a heading in docs/api.md");
        assertEquals(Set.of(), extra, "headings of docs/api.md that /api/openapi.json does not have");
        assertTrue(documented.size() >= 40, documented.toString());
    }

    @Test
    void requiredFieldsAndEnumsNameRealPropertiesOfRealSchemas() {
        JsonNode schemas = document.path("components").path("schemas");
        OpenApiCorrections.REQUIRED.forEach((name, fields) -> {
            assertTrue(schemas.has(name), "schema " + name + " exists");
            List<String> required = new ArrayList<>();
            schemas.path(name).path("required").forEach(field -> required.add(field.asText()));
            assertEquals(fields, required, name + ".required");
            fields.forEach(field -> assertTrue(schemas.path(name).path("properties").has(field), name + " has " + field));
        });
        OpenApiCorrections.ENUMS.forEach((field, values) -> {
            String[] at = field.split("\\.");
            JsonNode property = schemas.path(at[0]).path("properties").path(at[1]);
            assertEquals("string", property.path("type").asText(), field + ": " + property);
            List<String> allowed = new ArrayList<>(values);
            if (property.path("nullable").asBoolean()) {
                allowed.add(null);
            }
            assertEquals(allowed.toString(), toList(property.path("enum")).toString(), field);
        });
        OpenApiCorrections.PROPERTY_DESCRIPTIONS.forEach((field, description) -> {
            String[] at = field.split("\\.");
            assertEquals(description, schemas.path(at[0]).path("properties").path(at[1]).path("description").asText(), field);
        });
        assertFalse(text.contains("x-className"), "no Java class names in the document");
        assertEquals(java.util.Arrays.asList("quorum", "classic", null), toList(schemas.path("QueueSettings").path("properties").path("type").path("enum")));
        assertEquals(List.of("queued", "started", "retrying", "finished", "failed", "cancelled"),
                toList(schemas.path("JobView").path("properties").path("status").path("enum")));
        assertEquals(List.of("payload"), toList(schemas.path("TaskRequest").path("required")));
        JsonNode unacked = schemas.path("QueueView").path("properties").path("messagesUnacked");
        assertTrue(unacked.path("nullable").asBoolean(), "null without the management API: " + unacked);
        JsonNode unbind = document.path("paths").path("/api/exchanges/{exchange}/bindings").path("delete");
        List<String> parameters = new ArrayList<>();
        unbind.path("parameters").forEach(parameter -> parameters.add(parameter.path("name").asText()));
        assertTrue(parameters.containsAll(List.of("queue", "routingKey", "arguments")), unbind.toString());
    }

    @Test
    void everySchemaAndOperationHasAOneLineDescription() {
        document.path("components").path("schemas").properties().forEach(schema -> {
            String description = schema.getValue().path("description").asText();
            assertFalse(description.isBlank(), schema.getKey() + " has a description");
            assertFalse(description.contains("\n"), schema.getKey() + ": one line");
        });
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                assertFalse(operation.getValue().path("summary").asText().isBlank(), operation.getKey() + " " + path.getKey())));
    }

    @Test
    void payloadsAndTheFlaskPublishBodyAreAnyJsonValue() {
        JsonNode schemas = document.path("components").path("schemas");
        assertFalse(schemas.path("JsonNode").has("type"), "any JSON value, not an object: " + schemas.path("JsonNode"));
        JsonNode body = document.path("paths").path("/queue/publish/{queue}").path("post").path("requestBody");
        assertEquals("#/components/schemas/JsonNode", body.path("content").path("application/json").path("schema")
                .path("$ref").asText(), body.toString());
        assertEquals("#/components/schemas/JsonNode",
                schemas.path("TaskRequest").path("properties").path("payload").path("$ref").asText());

        Http.Response published = warren.http.post("/queue/publish/" + dev.warren.support.TestBroker.uniqueName("any-json"),
                "[1, \"two\"]");
        try {
            assertEquals(202, published.status(), "an array is a payload too: " + published.body());
        } finally {
            dev.warren.support.TestBroker.get().deleteQueues(published.json().path("queue").asText("none"));
        }
    }

    @Test
    void theServerIsRelativeSoSwaggerUiCallsTheWarrenItCameFrom() {
        assertEquals("/", document.path("servers").get(0).path("url").asText(), document.path("servers").toString());
        Http.Response proxied = warren.http.send("GET", "/api/openapi.json", null, null,
                Map.of("X-Forwarded-Prefix", "/tools/warren"));
        assertEquals("/tools/warren", proxied.json().path("servers").get(0).path("url").asText());
        Http.Response hostile = warren.http.send("GET", "/api/openapi.json", null, null,
                Map.of("X-Forwarded-Prefix", "https://evil.example/x"));
        assertEquals("/", hostile.json().path("servers").get(0).path("url").asText(), "only a path is taken as prefix");
    }

    @Test
    void theDocumentIsServedTheSameOnEveryRequest() {
        for (int i = 0; i < 3; i++) {
            assertEquals(text, warren.http.get("/api/openapi.json").body(), "request " + i);
        }
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isNull() ? null : value.asText()));
        return values;
    }

    @Test
    void realAnswersFitTheDocumentNullsIncluded() {
        String queue = dev.warren.support.TestBroker.uniqueName("contract");
        String topic = dev.warren.support.TestBroker.uniqueName("contract-topic");
        String schedule = dev.warren.support.TestBroker.uniqueName("contract-schedule");
        try {
            fits("PUT", "/api/queues/{queue}", "/api/queues/" + queue, "{}");
            fits("GET", "/api/queues/{queue}", "/api/queues/" + queue, null);
            fits("GET", "/api/queues", "/api/queues", null);
            String id = fits("POST", "/api/queues/{queue}/tasks", "/api/queues/" + queue + "/tasks",
                    "{\"payload\": {\"n\": 1}}").path("id").asText();
            fits("GET", "/api/jobs", "/api/jobs?queue=" + queue, null);
            fits("GET", "/api/jobs/{id}", "/api/jobs/" + id, null);
            try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.status(500))) {
                fits("PUT", "/api/queues/{queue}/workers", "/api/queues/" + queue + "/workers", "{\"type\": \"http\", "
                        + "\"count\": 1, \"target\": {\"url\": \"" + target.url() + "\"}, \"retry\": {\"maxAttempts\": 1}}");
                await("the task failed").atMost(Duration.ofSeconds(10))
                        .until(() -> warren.http.get("/api/jobs/" + id).json().path("status").asText().equals("failed"));
                fits("GET", "/api/jobs/{id}", "/api/jobs/" + id, null);
                fits("GET", "/api/queues/{queue}/workers", "/api/queues/" + queue + "/workers", null);
                fits("GET", "/api/queues/{queue}", "/api/queues/" + queue, null);
                fits("GET", "/api/overview", "/api/overview", null);
                fits("GET", "/queue/workers/{queue}", "/queue/workers/" + queue, null);
                fits("GET", "/api/queues/{queue}/dead-letters", "/api/queues/" + queue + "/dead-letters", null);
                warren.http.delete("/api/queues/" + queue + "/workers");
            }
            fits("POST", "/api/jobs/retry", "/api/jobs/retry", "{\"ids\": [\"" + id + "\", \"no-such-job\"]}");
            fits("GET", "/api/workers", "/api/workers", null);
            fits("GET", "/api/worker-types", "/api/worker-types", null);
            fits("GET", "/api/overview", "/api/overview", null);
            fits("PUT", "/api/schedules/{name}", "/api/schedules/" + schedule,
                    "{\"cron\": \"0 0 0 1 1 ? 2099\", \"queue\": \"" + queue + "\", \"payload\": 1}");
            fits("GET", "/api/schedules", "/api/schedules", null);
            fits("PUT", "/api/topics/{topic}", "/api/topics/" + topic, null);
            fits("POST", "/api/topics/{topic}/subscribers", "/api/topics/" + topic + "/subscribers", "{\"id\": \"a\"}");
            fits("GET", "/api/topics/{topic}/subscribers", "/api/topics/" + topic + "/subscribers", null);
            fits("GET", "/api/topics", "/api/topics", null);
            fits("GET", "/api/exchanges", "/api/exchanges", null);
            fits("GET", "/api/connections", "/api/connections", null);
            fits("GET", "/api/consumers", "/api/consumers", null);
            fits("GET", "/api/whoami", "/api/whoami", null);
            fits("GET", "/api/keys", "/api/keys", null);
            fits("GET", "/api/audit", "/api/audit", null);
            fits("GET", "/queue/workers", "/queue/workers", null);
        } finally {
            warren.http.delete("/api/schedules/" + schedule);
            warren.http.delete("/api/topics/" + topic);
            dev.warren.support.TestBroker.get().deleteQueues(queue);
        }
    }

    @Test
    void theConflictsAndTheKafkaOffAnswersThatHappenAreDeclared() {
        String name = dev.warren.support.TestBroker.uniqueName("contract-direct");
        String topic = dev.warren.support.TestBroker.uniqueName("contract-topic");
        try {
            assertEquals(201, warren.http.put("/api/exchanges/" + name, "{\"type\": \"direct\"}").status());
            fits("PUT", "/api/topics/{topic}", "/api/topics/" + name, null, 409);
            assertEquals(201, warren.http.put("/api/queues/" + topic + ".b", "{\"type\": \"classic\"}").status());
            fits("PUT", "/api/topics/{topic}", "/api/topics/" + topic, null);
            fits("POST", "/api/topics/{topic}/subscribers", "/api/topics/" + topic + "/subscribers", "{\"id\": \"b\"}", 409);
            fits("GET", "/api/kafka/topics", "/api/kafka/topics", null, 404);
        } finally {
            warren.http.delete("/api/exchanges/" + name);
            warren.http.delete("/api/topics/" + topic);
            dev.warren.support.TestBroker.get().deleteQueues(topic + ".b");
        }
    }

    /** Calls warren and checks its 2xx answer against the schema the document gives that operation and status. */
    private static JsonNode fits(String method, String template, String path, String body) {
        return fits(method, template, path, body, 0);
    }

    /** As above, for an answer of this status (0: any 2xx), which the document must declare. */
    private static JsonNode fits(String method, String template, String path, String body, int status) {
        Http.Response response = warren.http.send(method, path, body, body == null ? null : "application/json");
        assertTrue(status == 0 ? response.status() / 100 == 2 : response.status() == status,
                method + " " + path + ": " + response.status() + " " + response.body());
        JsonNode declared = document.path("paths").path(template).path(method.toLowerCase()).path("responses")
                .path(String.valueOf(response.status()));
        assertFalse(declared.isMissingNode(), method + " " + template + " does not declare " + response.status());
        JsonNode schema = declared.path("content").path(response.status() >= 400 ? "application/problem+json"
                : "application/json").path("schema");
        if (!schema.isMissingNode()) {
            assertEquals(List.of(), new AnswerSchemaCheck(document).violations(schema, response.json()),
                    method + " " + path + " answered " + response.body());
        }
        return response.json();
    }
}
