package dev.warren.common;

import dev.warren.broker.QueueSettings;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskRequest;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    private static Problem refused(String body, Class<?> type) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        ProblemException e = assertThrows(ProblemException.class, () -> Json.read(bytes, type), "body: " + body);
        Problem problem = e.problem();
        assertEquals(400, problem.status(), "bad input is a 400: " + problem);
        assertFalse(problem.detail().contains("Exception"), "no exception names in the detail: " + problem.detail());
        return problem;
    }

    private static Problem.FieldError onlyError(Problem problem) {
        assertEquals(1, problem.errors() == null ? 0 : problem.errors().size(), "one field error: " + problem);
        return problem.errors().get(0);
    }

    @Test
    void readsAValidBody() {
        TaskRequest task = Json.read("{\"payload\": {\"a\": [1, 2]}, \"id\": \"x\", \"delayMs\": 5, \"headers\": {\"h\": \"v\"}}"
                .getBytes(StandardCharsets.UTF_8), TaskRequest.class);
        assertEquals("{\"a\":[1,2]}", task.payload().toString(), "payload");
        assertEquals("x", task.id(), "id");
        assertEquals(5L, task.delayMs(), "delayMs");
        assertEquals(Map.of("h", "v"), task.headers(), "headers");
    }

    @Test
    void leavesAbsentFieldsNull() {
        QueueSettings settings = Json.read("{}".getBytes(StandardCharsets.UTF_8), QueueSettings.class);
        assertEquals(new QueueSettings(null, null, null, null), settings, "an empty object");
    }

    @Test
    void malformedJsonSaysWhere() {
        Problem problem = refused("{\"payload\": }", TaskRequest.class);
        assertNull(problem.errors(), "not a field error: " + problem);
        assertTrue(problem.detail().startsWith("Malformed JSON"), "says it is malformed: " + problem.detail());
        assertTrue(problem.detail().contains("line 1, column 13"), "names line and column: " + problem.detail());
    }

    @Test
    void aFieldNamedTwiceIsRefusedWhereverItIs() {
        Problem twoIds = refused("{\"id\": \"a\", \"payload\": 1, \"id\": \"b\"}", TaskRequest.class);
        assertTrue(twoIds.detail().contains("Duplicate field 'id'"), "names the field: " + twoIds.detail());
        Problem inPayload = refused("{\"payload\": {\"amount\": 1, \"amount\": 100}}", TaskRequest.class);
        assertTrue(inPayload.detail().contains("Duplicate field 'amount'"), "in a payload too: " + inPayload.detail());
    }

    @Test
    void aTimeMustBeAnIsoStringWithItsOffset() {
        for (String value : List.of("\"tomorrow\"", "\"2030-01-01\"", "1893456000")) {
            Problem.FieldError error = onlyError(refused("{\"name\": \"k\", \"role\": \"viewer\", \"expiresAt\": " + value + "}",
                    dev.warren.auth.ApiKeys.KeyRequest.class));
            assertEquals("expiresAt", error.field(), "field of " + value);
            assertTrue(error.message().contains("ISO-8601"), "says what a time looks like: " + error.message());
        }
        assertEquals(java.time.Instant.parse("2030-01-01T00:00:00Z"), Json.read(
                "{\"name\": \"k\", \"role\": \"viewer\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
                dev.warren.auth.ApiKeys.KeyRequest.class).expiresAt(), "an ISO time");
    }

    @Test
    void storedJsonIsReadEvenWithAFieldNamedTwice() throws Exception {
        assertEquals("{\"a\":2}", Json.readExact("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)).toString(),
                "a message published around warren is still shown");
    }

    @Test
    void malformedJsonOnALaterLineNamesThatLine() {
        Problem problem = refused("{\n  \"payload\": 1,\n  oops\n}", TaskRequest.class);
        assertTrue(problem.detail().contains("line 3"), "names line 3: " + problem.detail());
    }

    @Test
    void malformedJsonInsideThePayloadSaysWhere() {
        Problem problem = refused("{\"payload\": {\"a\": 1,}}", TaskRequest.class);
        assertTrue(problem.detail().startsWith("Malformed JSON"), "says it is malformed: " + problem.detail());
        assertTrue(problem.detail().contains("line 1, column 21"), "names line and column: " + problem.detail());
    }

    @Test
    void truncatedJsonIsMalformed() {
        Problem problem = refused("{\"payload\": {\"a\": 1}", TaskRequest.class);
        assertTrue(problem.detail().startsWith("Malformed JSON"), "a body cut short: " + problem.detail());
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertTrue(refused("", TaskRequest.class).detail().contains("required"), "an empty body");
        assertTrue(refused(null, TaskRequest.class).detail().contains("required"), "no body");
    }

    @Test
    void aJsonNullBodyIsRefused() {
        assertTrue(refused("null", TaskRequest.class).detail().contains("object"), "the body null");
    }

    @Test
    void anUnknownFieldNamesTheAllowedOnes() {
        Problem.FieldError error = onlyError(refused("{\"payload\": 1, \"colour\": \"red\"}", TaskRequest.class));
        assertEquals("colour", error.field(), "the unknown field");
        assertTrue(error.message().contains("allowed: delayMs, headers, id, payload"),
                "lists the allowed fields in order: " + error.message());
    }

    @Test
    void anUnknownNestedFieldHasItsPath() {
        Problem.FieldError error = onlyError(refused("{\"tasks\": [{\"payload\": 1}, {\"payload\": 2, \"delay\": 5}]}",
                BatchRequest.class));
        assertEquals("tasks[1].delay", error.field(), "the path to the unknown field");
    }

    @Test
    void aWrongTypeNamesTheField() {
        assertEquals("delayMs", onlyError(refused("{\"payload\": 1, \"delayMs\": \"soon\"}", TaskRequest.class)).field(),
                "a string for a number");
        assertEquals("maxLength", onlyError(refused("{\"maxLength\": [1]}", QueueSettings.class)).field(),
                "an array for a number");
        assertEquals("headers.h", onlyError(refused("{\"payload\": 1, \"headers\": {\"h\": {\"x\": 1}}}",
                TaskRequest.class)).field(), "an object for a header value");
    }

    @Test
    void aWrongTypeDeepInABatchHasTheFullPath() {
        assertEquals("tasks[1].delayMs", onlyError(refused(
                "{\"tasks\": [{\"payload\": 1}, {\"payload\": 2, \"delayMs\": \"x\"}]}", BatchRequest.class)).field(),
                "index and field");
    }

    @Test
    void aBodyThatIsNotAnObjectIsABodyError() {
        assertEquals("body", onlyError(refused("[1, 2]", TaskRequest.class)).field(), "an array body");
        assertEquals("body", onlyError(refused("\"text\"", QueueSettings.class)).field(), "a string body");
    }

    @Test
    void trailingContentIsRefused() {
        refused("{\"payload\": 1} {\"payload\": 2}", TaskRequest.class);
    }

    @Test
    void aNumberTooLargeIsRefusedNamingItsField() {
        Problem.FieldError error = onlyError(refused("{\"maxLength\": 99999999999999999999999}", QueueSettings.class));
        assertEquals("maxLength", error.field());
        assertTrue(error.message().contains("in range"), error.message());
        error = onlyError(refused("{\"limit\": 99999999999}", dev.warren.api.JobApi.ReplayRequest.class));
        assertEquals("limit", error.field());
        error = onlyError(refused("{\"tasks\": [{\"payload\": 1}, {\"payload\": 2, \"delayMs\": 99999999999999999999999}]}",
                BatchRequest.class));
        assertEquals("tasks[1].delayMs", error.field());
    }

    @Test
    void numbersGivenAsStringsAreRefusedNotCoerced() {
        Problem.FieldError error = onlyError(refused("{\"maxLength\": \"100\"}", QueueSettings.class));
        assertEquals("maxLength", error.field());
        assertTrue(error.message().contains("whole number"), error.message());
        onlyError(refused("{\"deliveryLimit\": \"\"}", QueueSettings.class));
        onlyError(refused("{\"backoffMultiplier\": \"2\"}", dev.warren.workers.RetryPolicy.class));
    }

    @Test
    void decimalsForWholeNumbersAreRefusedNotTruncated() {
        assertEquals("maxLength", onlyError(refused("{\"maxLength\": 1.9}", QueueSettings.class)).field());
        assertEquals("deliveryLimit", onlyError(refused("{\"deliveryLimit\": 0.9}", QueueSettings.class)).field());
        assertEquals("maxLength", onlyError(refused("{\"maxLength\": 1e3}", QueueSettings.class)).field());
    }

    @Test
    void aNumberBeyondADoubleIsRefusedNotInfinity() {
        assertEquals("backoffMultiplier", onlyError(refused("{\"backoffMultiplier\": 1e309}",
                dev.warren.workers.RetryPolicy.class)).field());
        assertEquals("maxLength", onlyError(refused("{\"maxLength\": 1e309}", QueueSettings.class)).field());
    }

    @Test
    void stringsAreNotTakenFromNumbersOrBooleans() {
        assertEquals("type", onlyError(refused("{\"type\": 5}", QueueSettings.class)).field());
        assertEquals("type", onlyError(refused("{\"type\": true}", QueueSettings.class)).field());
        assertEquals("headers.h", onlyError(refused("{\"payload\": 1, \"headers\": {\"h\": 1}}", TaskRequest.class)).field());
    }

    @Test
    void messagesNameNoJavaTypeNorJacksonOption() {
        for (String body : new String[] {"{\"maxLength\": \"100\"}", "{\"maxLength\": 1.5}", "{\"type\": [1]}",
                "{\"maxLength\": {}}", "{\"deliveryLimit\": true}", "[]", "\"x\"", "{\"maxLength\": 1e309}"}) {
            Problem problem = refused(body, QueueSettings.class);
            String text = problem.toString();
            for (String internal : new String[] {"java.", "`", "Long", "Integer", "Coercion", "jackson", "MapperFeature", "dev.warren"}) {
                assertFalse(text.contains(internal), body + " -> " + text);
            }
        }
    }

    @Test
    void aPayloadKeepsItsNumbersAsWritten() {
        TaskRequest task = Json.read("{\"payload\": {\"big\": 1e309, \"price\": 1.50, \"n\": 7}}"
                .getBytes(StandardCharsets.UTF_8), TaskRequest.class);
        assertEquals("{\"big\":1E+309,\"price\":1.50,\"n\":7}", new String(Json.write(task.payload()), StandardCharsets.UTF_8));
    }
}
