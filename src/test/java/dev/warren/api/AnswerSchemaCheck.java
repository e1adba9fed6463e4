package dev.warren.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a JSON answer against a schema of the OpenAPI 3.0 document, as a strict generated client reads it: types,
 * required fields, enums, and null only where nullable (no JSON Schema validator is at hand offline; this covers
 * the keywords warren's document uses: $ref, allOf, properties, required, items, additionalProperties, enum).
 */
final class AnswerSchemaCheck {

    private final JsonNode schemas;

    AnswerSchemaCheck(JsonNode document) {
        this.schemas = document.path("components").path("schemas");
    }

    /** What in the value the schema does not allow, each with its JSON path; empty when it fits. */
    List<String> violations(JsonNode schema, JsonNode value) {
        List<String> found = new ArrayList<>();
        check(schema, value, "$", found);
        return found;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> found) {
        if (schema.has("$ref")) {
            check(schemas.path(schema.path("$ref").asText().replace("#/components/schemas/", "")), value, at, found);
            return;
        }
        if (value.isNull()) {
            boolean anyValue = !schema.has("type") && !schema.has("allOf") && !schema.has("properties");
            if (!anyValue && !schema.path("nullable").asBoolean()) {
                found.add(at + " is null but not nullable");
            }
            return;
        }
        schema.path("allOf").forEach(part -> check(part, value, at, found));
        if (schema.has("enum") && !contains(schema.path("enum"), value)) {
            found.add(at + " = " + value + " is not one of " + schema.path("enum"));
        }
        switch (schema.path("type").asText()) {
            case "object" -> {
                if (!value.isObject()) {
                    found.add(at + " is not an object: " + value);
                    return;
                }
                schema.path("required").forEach(field -> {
                    if (!value.has(field.asText())) {
                        found.add(at + "." + field.asText() + " is required but absent");
                    }
                });
                value.properties().forEach(field -> {
                    JsonNode property = schema.path("properties").get(field.getKey());
                    if (property != null) {
                        check(property, field.getValue(), at + "." + field.getKey(), found);
                    } else if (schema.path("additionalProperties").isObject()) {
                        check(schema.path("additionalProperties"), field.getValue(), at + "." + field.getKey(), found);
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    found.add(at + " is not an array: " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), at + "[" + i + "]", found);
                }
            }
            case "string" -> expect(value.isTextual(), at, value, "a string", found);
            case "integer" -> expect(value.isIntegralNumber(), at, value, "an integer", found);
            case "number" -> expect(value.isNumber(), at, value, "a number", found);
            case "boolean" -> expect(value.isBoolean(), at, value, "a boolean", found);
            default -> { }
        }
    }

    private static void expect(boolean fits, String at, JsonNode value, String what, List<String> found) {
        if (!fits) {
            found.add(at + " = " + value + " is not " + what);
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode allowed : values) {
            if (allowed.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
