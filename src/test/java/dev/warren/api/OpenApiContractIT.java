package dev.warren.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document says what validators and Swagger UI need (required fields, enums, descriptions, a usable
 * server), and docs/api.md documents exactly the operations the document has.
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
            assertEquals(values.toString(), toList(property.path("enum")).toString(), field);
        });
        OpenApiCorrections.PROPERTY_DESCRIPTIONS.forEach((field, description) -> {
            String[] at = field.split("\\.");
            assertEquals(description, schemas.path(at[0]).path("properties").path(at[1]).path("description").asText(), field);
        });
        assertFalse(text.contains("x-className"), "no Java class names in the document");
        assertEquals(List.of("quorum", "classic"), toList(schemas.path("QueueSettings").path("properties").path("type").path("enum")));
        assertEquals(List.of("queued", "started", "retrying", "finished", "failed", "cancelled"),
                toList(schemas.path("JobView").path("properties").path("status").path("enum")));
        assertEquals(List.of("payload"), toList(schemas.path("TaskRequest").path("required")));
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
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
