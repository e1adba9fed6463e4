package dev.warren;

import dev.warren.support.WarrenPerClass;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing tasks, one or a batch, against the real broker. */
class TaskPublishIT extends WarrenPerClass {

    private static final ObjectMapper MAPPER = new ObjectMapper();




    private static String declared(String prefix) {
        String queue = TestBroker.uniqueName(prefix);
        Http.Response created = warren.http.put("/api/queues/" + queue, "{}");
        assertEquals(201, created.status(), "declared " + queue + ": " + created.body());
        return queue;
    }

    private static Http.Response publish(String queue, String task) {
        return warren.http.post("/api/queues/" + queue + "/tasks", task);
    }

    private static Http.Response publishBatch(String queue, String batch) {
        return warren.http.post("/api/queues/" + queue + "/tasks/batch", batch);
    }

    private static JsonNode json(byte[] body) throws Exception {
        return MAPPER.readTree(body);
    }

    @Test
    void aTaskIsAcceptedAsAPersistentJsonMessage() throws Exception {
        String queue = declared("publish");
        try {
            Http.Response accepted = publish(queue,
                    "{\"payload\": {\"order\": 42, \"items\": [\"a\", \"b\"], \"note\": \"héllo\"}, \"headers\": {\"tenant\": \"acme\"}}");
            assertEquals(202, accepted.status(), accepted.body());
            String id = accepted.text("id");
            assertEquals(7, UUID.fromString(id).version(), "a generated UUID v7 id: " + id);
            assertEquals("/api/jobs/" + id, accepted.location(), "Location of the job");
            assertEquals(queue, accepted.text("queue"), "queue: " + accepted.body());
            assertEquals("queued", accepted.text("status"), "status: " + accepted.body());

            List<Message> messages = broker.drain(queue);
            assertEquals(1, messages.size(), "one message on the queue");
            Message message = messages.get(0);
            assertEquals(id, message.getMessageProperties().getMessageId(), "messageId is the task id");
            assertEquals("application/json", message.getMessageProperties().getContentType(), "content type");
            assertEquals(MessageDeliveryMode.PERSISTENT, message.getMessageProperties().getReceivedDeliveryMode(),
                    "delivery mode");
            assertEquals(MAPPER.readTree("{\"order\": 42, \"items\": [\"a\", \"b\"], \"note\": \"héllo\"}"),
                    json(message.getBody()), "the body is the payload");
            assertEquals("acme", message.getMessageProperties().getHeader("tenant"), "the client's header");
            assertEquals(queue, String.valueOf((Object) message.getMessageProperties().getHeader("x-warren-queue")),
                    "warren's queue header");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aClientIdIsKept() {
        String queue = declared("client-id");
        try {
            Http.Response accepted = publish(queue, "{\"payload\": 1, \"id\": \"order-42:v1\"}");
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals("order-42:v1", accepted.text("id"), "the client's id: " + accepted.body());
            assertEquals("/api/jobs/order-42:v1", accepted.location(), "Location");
            List<Message> messages = broker.drain(queue);
            assertEquals(1, messages.size(), "one message");
            assertEquals("order-42:v1", messages.get(0).getMessageProperties().getMessageId(), "messageId");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anyJsonValueIsAPayload() throws Exception {
        String queue = declared("any-json");
        // null is not one: {"payload": null} is refused as a missing payload
        List<String> payloads = List.of("\"text\"", "3.5", "[1, {\"a\": null}]", "true", "{}", "1e309", "1.50");
        try {
            for (String payload : payloads) {
                Http.Response accepted = publish(queue, "{\"payload\": " + payload + "}");
                assertEquals(202, accepted.status(), "payload " + payload + ": " + accepted.body());
            }
            List<Message> messages = broker.drain(queue);
            assertEquals(payloads.size(), messages.size(), "one message per task");
            for (int i = 0; i < payloads.size(); i++) {
                assertEquals(MAPPER.readTree(payloads.get(i)), json(messages.get(i).getBody()), "body " + i);
                assertTrue(!new String(messages.get(i).getBody(), java.nio.charset.StandardCharsets.UTF_8).contains("Infinity"),
                        "numbers go out as written: " + new String(messages.get(i).getBody(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            broker.deleteQueues(queue);
        }
    }

    private static List<Map<String, Object>> numberedTasks(int count) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        // ids are idempotency keys: each batch gets its own
        String prefix = "given-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < count; i++) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("payload", Map.of("i", i));
            if (i % 10 == 0) {
                task.put("id", prefix + i);
            }
            tasks.add(task);
        }
        return tasks;
    }

    private static List<String> ids(Http.Response accepted) {
        List<String> ids = new ArrayList<>();
        accepted.json().path("ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    @Test
    void aBatchOfAHundredIsAcceptedWithAnIdPerTask() throws Exception {
        String queue = declared("batch");
        try {
            Http.Response accepted = publishBatch(queue, Http.json(Map.of("tasks", numberedTasks(100))));
            assertEquals(202, accepted.status(), accepted.body());
            List<String> ids = ids(accepted);
            assertEquals(100, ids.size(), "100 ids: " + accepted.body());
            assertEquals(100, new HashSet<>(ids).size(), "distinct ids");
            for (int i = 0; i < 100; i += 10) {
                assertTrue(ids.get(i).startsWith("given-") && ids.get(i).endsWith("-" + i), "the client's id at " + i + ": " + ids.get(i));
            }

            List<Message> messages = broker.drain(queue);
            assertEquals(100, messages.size(), "all 100 on the queue");
            Map<String, Message> byId = new HashMap<>();
            messages.forEach(message -> byId.put(message.getMessageProperties().getMessageId(), message));
            for (int i = 0; i < 100; i++) {
                Message message = byId.get(ids.get(i));
                assertNotNull(message, "task " + i + " (" + ids.get(i) + ") is on the queue");
                assertEquals(i, json(message.getBody()).path("i").asInt(-1), "body of task " + i);
                assertEquals(MessageDeliveryMode.PERSISTENT, message.getMessageProperties().getReceivedDeliveryMode(),
                        "persistent task " + i);
            }
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBatchReachesTheQueueInItsOrder() {
        String queue = declared("batch-order");
        try {
            Http.Response accepted = publishBatch(queue, Http.json(Map.of("tasks", numberedTasks(100))));
            assertEquals(202, accepted.status(), accepted.body());
            List<String> ids = ids(accepted);
            List<Integer> received = broker.drain(queue).stream()
                    .map(message -> ids.indexOf(message.getMessageProperties().getMessageId())).toList();
            assertEquals(IntStream.range(0, 100).boxed().toList(), received,
                    "consumers get a batch's tasks (by index in the batch) in the order they were given");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBatchOfOneAndOfAThousandAreAccepted() {
        String queue = declared("batch-edges");
        try {
            assertEquals(202, publishBatch(queue, "{\"tasks\": [{\"payload\": 1}]}").status(), "one task");
            List<Map<String, Object>> thousand = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                thousand.add(Map.of("payload", i));
            }
            Http.Response accepted = publishBatch(queue, Http.json(Map.of("tasks", thousand)));
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals(1000, accepted.json().path("ids").size(), "1000 ids");
            assertEquals(1001, broker.drain(queue).size(), "all on the queue");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBatchOverAThousandIs400AndEnqueuesNothing() {
        String queue = declared("batch-big");
        try {
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                tasks.add(Map.of("payload", i));
            }
            assertInvalid(publishBatch(queue, Http.json(Map.of("tasks", tasks))), "tasks");
            assertEquals(0, broker.ready(queue), "nothing enqueued");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anEmptyBatchIs400() {
        String queue = declared("batch-empty");
        try {
            assertInvalid(publishBatch(queue, "{\"tasks\": []}"), "tasks");
            assertInvalid(publishBatch(queue, "{}"), "tasks");
            assertEquals(0, broker.ready(queue), "nothing enqueued");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBatchWithOneBadTaskEnqueuesNone() {
        String queue = declared("batch-bad");
        try {
            JsonNode problem = assertInvalid(publishBatch(queue,
                    "{\"tasks\": [{\"payload\": 1}, {\"payload\": 2, \"delayMs\": -1}, {\"payload\": 3}]}"), "tasks[1].delayMs");
            assertEquals(1, problem.path("errors").size(), "one error: " + problem);
            assertInvalid(publishBatch(queue, "{\"tasks\": [{\"payload\": 1, \"id\": \"x\"}, {\"payload\": 2, \"id\": \"x\"}]}"),
                    "tasks[1].id");
            assertEquals(0, broker.ready(queue), "all or none: none");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void publishingToAMissingQueueIs404AndCreatesNothing() {
        String queue = TestBroker.uniqueName("missing");
        try {
            JsonNode problem = assertProblem(publish(queue, "{\"payload\": {\"n\": 1}}"), 404);
            assertTrue(problem.path("detail").asText().contains(queue), "the detail names the queue: " + problem);
            assertProblem(publishBatch(queue, "{\"tasks\": [{\"payload\": 1}, {\"payload\": 2}]}"), 404);
            assertFalse(broker.exists(queue), "the queue still does not exist");
            assertFalse(broker.exists(queue + ".dlq"), "nor its dead-letter queue");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void invalidTasksAre400NamingTheField() {
        String queue = declared("invalid");
        try {
            assertInvalid(publish(queue, "{\"id\": \"no-payload\"}"), "payload");
            assertInvalid(publish(queue, "{\"payload\": 1, \"id\": \"has space\"}"), "id");
            assertInvalid(publish(queue, "{\"payload\": 1, \"delayMs\": -1}"), "delayMs");
            assertInvalid(publish(queue, "{\"payload\": 1, \"headers\": {\"x-warren-attempt\": \"3\"}}"),
                    "headers.x-warren-attempt");
            assertInvalid(publish(queue, "{\"payload\": 1, \"priority\": 5}"), "priority");
            assertEquals(0, broker.ready(queue), "nothing enqueued");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anInvalidQueueNameIs400() {
        assertInvalid(publish("amq.x", "{\"payload\": 1}"), "queue");
        assertInvalid(publish("bad%20name", "{\"payload\": 1}"), "queue");
        assertInvalid(publishBatch("q".repeat(201), "{\"tasks\": [{\"payload\": 1}]}"), "queue");
    }

    @Test
    void aFullQuorumQueueRefusesTasksWith503AndKeepsEveryAcceptedOne() {
        String queue = TestBroker.uniqueName("full");
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{\"maxLength\": 1}").status(), "declared");
            // a quorum queue notices it is over its limit a little late, so it may take one or two more
            List<String> accepted = new ArrayList<>();
            Http.Response refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                Http.Response answer = publish(queue, "{\"payload\": " + i + "}");
                if (answer.status() == 202) {
                    accepted.add(answer.text("id"));
                } else {
                    refused = answer;
                }
            }
            assertNotNull(refused, "a full queue refuses a task at last; accepted " + accepted.size());
            assertProblem(refused, 503);
            List<String> onQueue = broker.drain(queue).stream().map(m -> m.getMessageProperties().getMessageId()).toList();
            assertEquals(accepted, onQueue, "every accepted task, and only those, is on the queue");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBatchRefusedInPartIs503AndCanBeRetriedWithTheSameIds() {
        String queue = TestBroker.uniqueName("full-batch");
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{\"maxLength\": 10}").status(), "declared");
            // the broker cannot take back what it accepted: the client hears 503 and retries with the same ids
            Http.Response answer = publishBatch(queue, Http.json(Map.of("tasks", numberedTasks(500))));
            assertProblem(answer, 503);
            assertTrue(broker.ready(queue) < 500, "the full queue refused part of the batch");
        } finally {
            broker.deleteQueues(queue);
        }
    }
}
