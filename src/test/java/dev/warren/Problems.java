package dev.warren;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on warren's RFC 9457 error answers. */
final class Problems {

    private Problems() {
    }

    /** Asserts the answer is a problem+json of this status with every member the contract names; returns its body. */
    static JsonNode assertProblem(Http.Response response, int status) {
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

    /** Asserts a 400 validation problem whose first error names this field; returns the problem. */
    static JsonNode assertInvalid(Http.Response response, String field) {
        JsonNode problem = assertProblem(response, 400);
        assertTrue(problem.path("errors").isArray() && !problem.path("errors").isEmpty(), "errors[]: " + response.body());
        assertEquals(field, problem.path("errors").get(0).path("field").asText(), "the field at fault: " + response.body());
        assertTrue(problem.path("errors").get(0).hasNonNull("message"), "each error has a message: " + response.body());
        return problem;
    }
}
