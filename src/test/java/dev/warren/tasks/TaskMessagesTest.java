package dev.warren.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.warren.common.Json;
import dev.warren.common.Problem;
import dev.warren.common.ProblemException;
import dev.warren.broker.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskMessagesTest {

    private static final JsonNode PAYLOAD = JsonNodeFactory.instance.objectNode().put("n", 1);

    private static TaskRequest task(JsonNode payload, String id, Long delayMs, Map<String, String> headers) {
        return new TaskRequest(payload, id, delayMs, headers);
    }

    private static TaskRequest task(String id) {
        return task(PAYLOAD, id, null, null);
    }

    /** The fields a 400 names, in order. */
    private static List<String> invalidFields(Executable call) {
        ProblemException e = assertThrows(ProblemException.class, call, "should be refused with a problem");
        Problem problem = e.problem();
        assertEquals(400, problem.status(), "a validation problem is a 400: " + problem);
        assertNotNull(problem.errors(), "a validation problem lists its errors: " + problem);
        return problem.errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void turnsATaskIntoAPersistentMessageForTheQueue() {
        OutgoingMessage message = TaskMessages.single("orders", task(PAYLOAD, "order-1", null, Map.of("tenant", "acme")));
        assertEquals("", message.exchange(), "published through the default exchange");
        assertEquals("orders", message.routingKey(), "routed by the queue's name");
        assertEquals("order-1", message.id(), "the client's id is kept");
        assertEquals("{\"n\":1}", new String(message.body(), StandardCharsets.UTF_8), "the body is the payload JSON");
        assertEquals("acme", message.headers().get("tenant"), "client headers are carried: " + message.headers());
        assertEquals("orders", message.headers().get(TaskHeaders.QUEUE), "warren names the queue: " + message.headers());
        assertNotNull(message.headers().get(TaskHeaders.PUBLISHED_AT), "warren stamps the time: " + message.headers());
    }

    @Test
    void requiresAPayload() {
        assertEquals(List.of("payload"), invalidFields(() -> TaskMessages.single("orders", task(null, null, null, null))),
                "a task without payload");
    }

    @Test
    void aJsonNullPayloadIsRefusedLikeAMissingOne() {
        TaskRequest read = Json.read("{\"payload\": null}".getBytes(StandardCharsets.UTF_8), TaskRequest.class);
        assertEquals(List.of("payload"), invalidFields(() -> TaskMessages.single("orders", read)), "payload null");
    }

    @Test
    void headersOverTheBrokersLimitsAreRefused() {
        assertEquals(List.of("headers"), invalidFields(() -> TaskMessages.single("orders",
                task(IntNode.valueOf(1), null, null, Map.of("big", "x".repeat(200 * 1024))))), "a 200 KB header value");
        List<String> fields = invalidFields(() -> TaskMessages.single("orders",
                task(IntNode.valueOf(1), null, null, Map.of("n".repeat(300), "v"))));
        assertEquals(1, fields.size(), "a 300-character name: " + fields);
        assertTrue(fields.get(0).length() < 100, "the field is named shortly: " + fields);
        assertEquals(16 * 1024, ((String) TaskMessages.single("orders", task(IntNode.valueOf(1), null, null,
                Map.of("ok", "x".repeat(16 * 1024)))).headers().get("ok")).length(), "a 16 KB header is fine");
    }

    @Test
    void aMissingPayloadInJsonIsRefused() {
        TaskRequest read = Json.read("{\"id\": \"a\"}".getBytes(StandardCharsets.UTF_8), TaskRequest.class);
        assertEquals(List.of("payload"), invalidFields(() -> TaskMessages.single("orders", read)), "no payload field");
    }

    @Test
    void acceptsAnyJsonValueAsPayload() {
        for (JsonNode payload : List.of(JsonNodeFactory.instance.textNode("hi"), JsonNodeFactory.instance.numberNode(3),
                JsonNodeFactory.instance.arrayNode().add(1), JsonNodeFactory.instance.booleanNode(false))) {
            OutgoingMessage message = TaskMessages.single("orders", task(payload, null, null, null));
            assertEquals(payload.toString(), new String(message.body(), StandardCharsets.UTF_8), "payload " + payload);
        }
    }

    @Test
    void refusesBadIds() {
        for (String id : List.of("", "has space", "a/b", "é", "x".repeat(201), ".", "..", "...")) {
            assertEquals(List.of("id"), invalidFields(() -> TaskMessages.single("orders", task(id))), "id '" + id + "'");
        }
        assertEquals("Order-1:2.x_y", TaskMessages.single("orders", task("Order-1:2.x_y")).id(), "allowed characters");
        assertEquals("..a", TaskMessages.single("orders", task("..a")).id(), "dots with something else");
        assertEquals(200, TaskMessages.single("orders", task("x".repeat(200))).id().length(), "200 characters");
    }

    @Test
    void refusesANegativeOrTooLongDelay() {
        assertEquals(List.of("delayMs"), invalidFields(() -> TaskMessages.single("orders", task(PAYLOAD, null, -1L, null))),
                "a negative delay");
        assertEquals(List.of("delayMs"), invalidFields(() -> TaskMessages.single("orders",
                task(PAYLOAD, null, TaskMessages.MAX_DELAY_MS + 1, null))), "over 30 days");
        TaskMessages.single("orders", task(PAYLOAD, null, 0L, null));
        TaskMessages.single("orders", task(PAYLOAD, null, TaskMessages.MAX_DELAY_MS, null));
    }

    @Test
    void refusesHeadersInWarrensNamespace() {
        assertEquals(List.of("headers.x-warren-queue"), invalidFields(() -> TaskMessages.single("orders",
                task(PAYLOAD, null, null, Map.of("x-warren-queue", "other")))), "x-warren-queue is warren's");
        assertEquals(List.of("headers.X-Warren-Attempt"), invalidFields(() -> TaskMessages.single("orders",
                task(PAYLOAD, null, null, Map.of("X-Warren-Attempt", "9")))), "the prefix is case-insensitive");
        assertEquals(List.of("headers. "), invalidFields(() -> TaskMessages.single("orders",
                task(PAYLOAD, null, null, Map.of(" ", "v")))), "a blank header name");
    }

    @Test
    void refusesANullHeaderValue() {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("tenant", null);
        assertEquals(List.of("headers.tenant"), invalidFields(() -> TaskMessages.single("orders",
                task(PAYLOAD, null, null, headers))), "a header without value");
    }

    @Test
    void namesEveryProblemOfATask() {
        assertEquals(List.of("payload", "id", "delayMs"),
                invalidFields(() -> TaskMessages.single("orders", task(null, "bad id", -5L, null))), "three problems");
    }

    @Test
    void refusesAnEmptyOrMissingBatch() {
        assertEquals(List.of("tasks"), invalidFields(() -> TaskMessages.batch("orders", new BatchRequest(List.of()))),
                "an empty batch");
        assertEquals(List.of("tasks"), invalidFields(() -> TaskMessages.batch("orders", new BatchRequest(null))),
                "a batch without tasks");
    }

    @Test
    void acceptsOneToAThousandTasks() {
        assertEquals(1, TaskMessages.batch("orders", new BatchRequest(List.of(task((String) null)))).size(), "one task");
        List<TaskRequest> thousand = IntStream.range(0, TaskMessages.MAX_BATCH).mapToObj(i -> task((String) null)).toList();
        assertEquals(1000, TaskMessages.batch("orders", new BatchRequest(thousand)).size(), "a thousand tasks");
    }

    @Test
    void refusesMoreThanAThousandTasks() {
        List<TaskRequest> tooMany = IntStream.range(0, TaskMessages.MAX_BATCH + 1).mapToObj(i -> task((String) null)).toList();
        assertEquals(List.of("tasks"), invalidFields(() -> TaskMessages.batch("orders", new BatchRequest(tooMany))),
                "1001 tasks");
    }

    @Test
    void refusesRepeatedIdsInABatch() {
        BatchRequest batch = new BatchRequest(List.of(task("a"), task("b"), task("a")));
        assertEquals(List.of("tasks[2].id"), invalidFields(() -> TaskMessages.batch("orders", batch)),
                "the second 'a' is at fault");
    }

    @Test
    void namesTheTaskAtFaultInABatch() {
        List<TaskRequest> tasks = new ArrayList<>(List.of(task("ok"), task(null, null, null, null)));
        tasks.add(null);
        tasks.add(task(PAYLOAD, null, -1L, null));
        assertEquals(List.of("tasks[1].payload", "tasks[2]", "tasks[3].delayMs"),
                invalidFields(() -> TaskMessages.batch("orders", new BatchRequest(tasks))), "every bad task, by index");
    }

    @Test
    void keepsTheOrderOfABatch() {
        List<OutgoingMessage> messages = TaskMessages.batch("orders", new BatchRequest(List.of(task("c"), task("a"), task("b"))));
        assertEquals(List.of("c", "a", "b"), messages.stream().map(OutgoingMessage::id).toList(), "ids in request order");
    }

    @Test
    void generatedIdsAreDistinctUuidV7s() {
        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> TaskMessages.newId()).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "every generated id is new");
        assertEquals(7, UUID.fromString(ids.get(0)).version(), "a time-ordered UUID v7: " + ids.get(0));
    }

    @Test
    void generatedIdsSortInCreationOrder() {
        // many ids fall in the same millisecond; they must still sort as they were made
        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> TaskMessages.newId()).toList();
        List<String> sorted = ids.stream().sorted().toList();
        assertEquals(ids, sorted, "ids sorted as strings are in creation order");
    }

    @Test
    void aBatchWithoutIdsGetsDistinctOrderedIds() {
        List<TaskRequest> tasks = IntStream.range(0, 500).mapToObj(i -> task((String) null)).toList();
        List<String> ids = TaskMessages.batch("orders", new BatchRequest(tasks)).stream().map(OutgoingMessage::id).toList();
        assertEquals(500, new HashSet<>(ids).size(), "distinct ids");
        assertEquals(ids.stream().sorted().toList(), ids, "ids sort in the batch's order");
    }
}
