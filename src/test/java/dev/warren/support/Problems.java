package dev.warren.support;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on warren's RFC 9457 error answers. */
public final class Problems {

    private Problems() {
    }

    /** Asserts the answer is a problem+json of this status with every member the contract names; returns its body. */
    public static JsonNode assertProblem(Http.Response response, int status) {
        String context = response.status() + " " + response.contentType() + " " + response.body();
        assertEquals(status, response.status(), "HTTP status of " + context);
        assertNotNull(response.contentType(), "a problem has a Content-Type: " + context);
        assertTrue(response.contentType().startsWith("application/problem+json"), "problem+json: " + context);
        JsonNode problem = response.json();
        assertNotNull(problem, "the body is JSON: " + context);
        for (String member : new String[] {"type", "title", "status", "detail"}) {
            assertTrue(problem.hasNonNull(member), "the problem has '" + member + "': " + context);
        }
        assertEquals(status, problem.path("status").asInt(), "the body's status matches the HTTP status: " + context);
        assertFalse(response.body().contains("Exception"), "no exception names: " + context);
        assertFalse(response.body().contains("at dev.warren"), "no stack trace: " + context);
        assertFalse(response.body().contains("at org."), "no stack trace: " + context);
        return problem;
    }

    /** Asserts a 400 validation problem with an error on this field, each error with a message; returns the problem. */
    public static JsonNode assertInvalid(Http.Response response, String field) {
        JsonNode problem = assertProblem(response, 400);
        JsonNode errors = problem.path("errors");
        assertTrue(errors.isArray() && !errors.isEmpty(), "errors[]: " + response.body());
        boolean named = false;
        for (JsonNode error : errors) {
            assertTrue(error.hasNonNull("message") && !error.path("message").asText().isBlank(),
                    "each error has a message: " + response.body());
            named |= field.equals(error.path("field").asText());
        }
        assertTrue(named, "an error names the field '" + field + "': " + response.body());
        return problem;
    }

}
