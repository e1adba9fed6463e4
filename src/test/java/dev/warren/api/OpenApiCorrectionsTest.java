package dev.warren.api;

import dev.warren.common.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corrections of Camel's OpenAPI document, on small documents, without a running warren. */
class OpenApiCorrectionsTest {

    @Test
    void aForwardedPrefixIsTakenOnlyWhenItIsAPath() {
        assertEquals("/", OpenApiCorrections.serverUrl(null));
        assertEquals("/", OpenApiCorrections.serverUrl(""));
        assertEquals("/warren", OpenApiCorrections.serverUrl("/warren/"));
        assertEquals("/a/b", OpenApiCorrections.serverUrl("/a/b"));
        assertEquals("/", OpenApiCorrections.serverUrl("//evil.example"));
        assertEquals("/", OpenApiCorrections.serverUrl("https://evil.example/x"));
        assertEquals("/", OpenApiCorrections.serverUrl("/a\"b"));
        assertEquals("/", OpenApiCorrections.serverUrl("/{queue}"));
    }

    @Test
    void theServerIsRelativeAndJavaClassNamesAreGone() throws Exception {
        JsonNode document = OpenApiCorrections.apply(Json.MAPPER.readTree("""
                {"openapi": "3.0.0", "servers": [{"url": ""}], "paths": {},
                 "components": {"schemas": {
                   "ExchangeView": {"type": "object", "properties": {"arguments": {"type": "object",
                     "additionalProperties": {"type": "object", "x-className": {"format": "java.lang.Object"}}}}},
                   "JsonNode": {"type": "object"}}}}"""), java.util.Map.of());

        assertEquals("[{\"url\":\"/\",\"description\":\"The warren that serves this document\"}]",
                document.path("servers").toString());
        assertFalse(document.toString().contains("x-className"), document.toString());
        assertEquals("{}", document.path("components").path("schemas").path("ExchangeView").path("properties")
                .path("arguments").path("additionalProperties").toString(), "a map of any values");
        assertFalse(document.path("components").path("schemas").path("JsonNode").has("type"), "any JSON value");
    }

    @Test
    void requiredFieldsEnumsAndDescriptionsLandOnTheNamedSchemas() throws Exception {
        JsonNode document = OpenApiCorrections.apply(Json.MAPPER.readTree("""
                {"openapi": "3.0.0", "paths": {}, "components": {"schemas": {
                   "TaskRequest": {"type": "object", "properties": {"payload": {"$ref": "#/components/schemas/JsonNode"},
                     "delayMs": {"type": "integer"}}},
                   "QueueSettings": {"type": "object", "properties": {"type": {"type": "string"}}}}}}"""), java.util.Map.of());

        JsonNode schemas = document.path("components").path("schemas");
        assertEquals("[\"payload\"]", schemas.path("TaskRequest").path("required").toString());
        assertEquals("[\"quorum\",\"classic\"]", schemas.path("QueueSettings").path("properties").path("type").path("enum").toString());
        assertTrue(schemas.path("TaskRequest").path("description").asText().startsWith("A task"));
        assertTrue(schemas.path("TaskRequest").path("properties").path("delayMs").path("description").asText().contains("30 days"));
        assertFalse(schemas.has("QueueView"), "a correction for a schema the document lacks adds nothing");
    }

    @Test
    void aFieldWarrenMaySendAsNullIsNullableUnlessRequiredPromisesAValue() throws Exception {
        JsonNode document = OpenApiCorrections.apply(Json.MAPPER.readTree("""
                {"openapi": "3.0.0", "paths": {}, "components": {"schemas": {
                   "JobView": {"type": "object", "properties": {"id": {"type": "string"},
                     "startedAt": {"type": "string", "format": "date-time"},
                     "result": {"$ref": "#/components/schemas/Result"}, "status": {"type": "string"}}},
                   "JobPage": {"type": "object", "properties": {"next": {"type": "string"}}}}}}"""),
                java.util.Map.of("JobView", java.util.Set.of("id", "startedAt", "result", "status"),
                        "JobPage", java.util.Set.of("next")));

        JsonNode job = document.path("components").path("schemas").path("JobView").path("properties");
        assertFalse(job.path("id").has("nullable"), "JobView.id is required: always sent with a value");
        assertTrue(job.path("startedAt").path("nullable").asBoolean(), job.toString());
        assertEquals("[{\"$ref\":\"#/components/schemas/Result\"}]", job.path("result").path("allOf").toString(),
                "the siblings of a $ref are ignored: a nullable reference is an allOf of it");
        assertFalse(job.path("result").has("$ref"));
        assertTrue(job.path("result").path("nullable").asBoolean());
        assertFalse(job.path("status").has("nullable"), "required");
        assertTrue(document.path("components").path("schemas").path("JobPage").path("properties").path("next")
                .path("nullable").asBoolean(), "next is null on the last page");
    }

    @Test
    void aNullableEnumListsNull() throws Exception {
        JsonNode document = OpenApiCorrections.apply(Json.MAPPER.readTree("""
                {"openapi": "3.0.0", "paths": {}, "components": {"schemas": {
                   "QueueSettings": {"type": "object", "properties": {"type": {"type": "string"}}}}}}"""),
                java.util.Map.of("QueueSettings", java.util.Set.of("type")));

        assertEquals("[\"quorum\",\"classic\",null]", document.path("components").path("schemas").path("QueueSettings")
                .path("properties").path("type").path("enum").toString());
    }
}
