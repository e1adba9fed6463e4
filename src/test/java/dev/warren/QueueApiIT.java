package dev.warren;

import dev.warren.support.WarrenPerClass;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.Cursor;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue endpoints against the real broker: declare, view, list, purge, delete. */
class QueueApiIT extends WarrenPerClass {




    private static Http.Response put(String queue, String settings) {
        return warren.http.put("/api/queues/" + queue, settings);
    }

    private static JsonNode arguments(String queue) {
        JsonNode info = broker.managementQueue(queue);
        assertNotNull(info, "the management API knows " + queue);
        return info.path("arguments");
    }

    @Test
    void declaringANewQueueCreatesItAndItsDeadLetterQueue() {
        String queue = TestBroker.uniqueName("declare");
        try {
            Http.Response created = put(queue, "{}");
            assertEquals(201, created.status(), created.body());
            assertEquals("/api/queues/" + queue, created.location(), "Location of the new queue");
            assertTrue(created.contentType().startsWith("application/json"), "a JSON view: " + created.contentType());
            JsonNode view = created.json();
            assertEquals(queue, view.path("name").asText(), "name: " + view);
            assertEquals("quorum", view.path("type").asText(), "default type: " + view);
            assertTrue(view.path("durable").asBoolean(), "durable: " + view);
            assertEquals(0, view.path("messages").asLong(-1), "messages: " + view);
            assertEquals(0, view.path("messagesReady").asLong(-1), "messagesReady: " + view);
            assertEquals(0, view.path("messagesUnacked").asLong(-1), "messagesUnacked: " + view);
            assertEquals(0, view.path("consumers").asLong(-1), "consumers: " + view);
            assertEquals(queue + ".dlq", view.path("deadLetter").path("queue").asText(), "deadLetter.queue: " + view);
            assertEquals(0, view.path("deadLetter").path("messages").asLong(-1), "deadLetter.messages: " + view);
            assertTrue(view.has("workers") && view.path("workers").isNull(), "no workers yet: " + view);

            assertNotNull(broker.admin().getQueueInfo(queue), "the broker has the queue");
            assertNotNull(broker.admin().getQueueInfo(queue + ".dlq"), "the broker has the dead-letter queue");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aQuorumQueueDeadLettersAtLeastOnceAfterTheDeliveryLimit() {
        String queue = TestBroker.uniqueName("quorum");
        try {
            assertEquals(201, put(queue, "{\"type\": \"quorum\"}").status(), "declared");
            JsonNode args = arguments(queue);
            assertEquals("quorum", args.path("x-queue-type").asText(), "x-queue-type: " + args);
            assertEquals(20, args.path("x-delivery-limit").asInt(), "the configured default x-delivery-limit: " + args);
            assertEquals("at-least-once", args.path("x-dead-letter-strategy").asText(), "x-dead-letter-strategy: " + args);
            assertEquals("reject-publish", args.path("x-overflow").asText(), "x-overflow: " + args);
            assertEquals("", args.path("x-dead-letter-exchange").asText("missing"), "x-dead-letter-exchange: " + args);
            assertEquals(queue + ".dlq", args.path("x-dead-letter-routing-key").asText(), "x-dead-letter-routing-key: " + args);
            assertEquals("quorum", broker.managementQueue(queue + ".dlq").path("type").asText(), "the dead-letter queue's type");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void requestedLimitsBecomeQueueArguments() {
        String queue = TestBroker.uniqueName("limits");
        try {
            Http.Response created = put(queue, "{\"maxLength\": 100, \"messageTtlMs\": 60000, \"deliveryLimit\": 3}");
            assertEquals(201, created.status(), created.body());
            JsonNode args = arguments(queue);
            assertEquals(100, args.path("x-max-length").asInt(), "x-max-length: " + args);
            assertEquals(60000, args.path("x-message-ttl").asInt(), "x-message-ttl: " + args);
            assertEquals(3, args.path("x-delivery-limit").asInt(), "x-delivery-limit: " + args);
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void declaringAgainWithTheSameSettingsIs200() {
        String queue = TestBroker.uniqueName("same");
        try {
            assertEquals(201, put(queue, "{}").status(), "first declaration");
            Http.Response again = put(queue, "{}");
            assertEquals(200, again.status(), again.body());
            assertEquals(queue, again.json().path("name").asText(), "the queue's view: " + again.body());
            assertEquals("quorum", again.json().path("type").asText(), "its type: " + again.body());
            Http.Response explicit = put(queue, "{\"type\": \"quorum\", \"deliveryLimit\": 20}");
            assertEquals(200, explicit.status(), "the defaults spelled out are the same settings: " + explicit.body());
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void declaringAgainWithAnotherTypeIs409AndChangesNothing() {
        String queue = TestBroker.uniqueName("conflict-type");
        try {
            assertEquals(201, put(queue, "{}").status(), "declared as quorum");
            JsonNode problem = assertProblem(put(queue, "{\"type\": \"classic\"}"), 409);
            assertTrue(problem.path("detail").asText().contains("exists as a quorum queue, not classic"), problem.toString());
            assertEquals("quorum", broker.managementQueue(queue).path("type").asText(), "still quorum");
            assertEquals(20, arguments(queue).path("x-delivery-limit").asInt(), "arguments unchanged");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void declaringAgainWithAMaxLengthIs409AndChangesNothing() {
        String queue = TestBroker.uniqueName("conflict-len");
        try {
            assertEquals(201, put(queue, "{}").status(), "declared without a max length");
            assertProblem(put(queue, "{\"maxLength\": 10}"), 409);
            assertFalse(arguments(queue).has("x-max-length"), "no max length was added: " + arguments(queue));
            assertEquals(200, put(queue, "{}").status(), "the original settings still match");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void declaringAgainWithAnotherDeliveryLimitIs409() {
        String queue = TestBroker.uniqueName("conflict-limit");
        try {
            assertEquals(201, put(queue, "{\"deliveryLimit\": 5}").status(), "declared with delivery limit 5");
            assertProblem(put(queue, "{\"deliveryLimit\": 6}"), 409);
            assertEquals(5, arguments(queue).path("x-delivery-limit").asInt(), "the limit is unchanged");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void declaringAgainWithAnotherTtlIs409() {
        String queue = TestBroker.uniqueName("conflict-ttl");
        try {
            assertEquals(201, put(queue, "{\"messageTtlMs\": 1000}").status(), "declared with a ttl");
            assertProblem(put(queue, "{\"messageTtlMs\": 2000}"), 409);
            assertEquals(1000, arguments(queue).path("x-message-ttl").asInt(), "the ttl is unchanged");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aClassicQueueIsVersion2WithoutADeliveryLimit() {
        String queue = TestBroker.uniqueName("classic");
        try {
            Http.Response created = put(queue, "{\"type\": \"classic\"}");
            assertEquals(201, created.status(), created.body());
            assertEquals("classic", created.json().path("type").asText(), "type: " + created.body());
            assertTrue(created.json().path("durable").asBoolean(), "durable: " + created.body());
            JsonNode args = arguments(queue);
            assertEquals(2, args.path("x-queue-version").asInt(), "x-queue-version: " + args);
            assertFalse(args.has("x-delivery-limit"), "no delivery limit on classic: " + args);
            assertEquals(queue + ".dlq", args.path("x-dead-letter-routing-key").asText(), "dead-lettered: " + args);
            assertEquals("classic", broker.managementQueue(queue + ".dlq").path("type").asText(), "the dead-letter queue's type");
            assertEquals(200, put(queue, "{\"type\": \"classic\"}").status(), "re-declared the same");
            assertProblem(put(queue, "{\"type\": \"quorum\"}"), 409);
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aDeliveryLimitOnAClassicQueueIs400() {
        String queue = TestBroker.uniqueName("classic-limit");
        try {
            assertInvalid(put(queue, "{\"type\": \"classic\", \"deliveryLimit\": 3}"), "deliveryLimit");
            assertFalse(broker.exists(queue), "nothing declared");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void badSettingsAre400NamingTheField() {
        String queue = TestBroker.uniqueName("bad-settings");
        try {
            assertInvalid(put(queue, "{\"type\": \"stream\"}"), "type");
            assertInvalid(put(queue, "{\"maxLength\": 0}"), "maxLength");
            assertInvalid(put(queue, "{\"messageTtlMs\": -1}"), "messageTtlMs");
            assertInvalid(put(queue, "{\"durable\": false}"), "durable");
            assertFalse(broker.exists(queue), "nothing declared");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aPutWithoutBodyDeclaresWithDefaults() {
        String queue = TestBroker.uniqueName("nobody");
        try {
            Http.Response created = warren.http.send("PUT", "/api/queues/" + queue, null, null);
            assertEquals(201, created.status(), created.body());
            assertEquals("quorum", created.json().path("type").asText(), "default type: " + created.body());
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void theViewCountsMessagesLive() {
        String queue = TestBroker.uniqueName("counts");
        try {
            assertEquals(201, put(queue, "{}").status(), "declared");
            for (int i = 0; i < 3; i++) {
                broker.publish(queue, "{\"i\": " + i + "}");
            }
            broker.publish(queue + ".dlq", "{\"dead\": true}");
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.ready(queue) == 3 && broker.ready(queue + ".dlq") == 1);

            // no waiting here: ready counts come from the broker, not the management API's samples
            Http.Response view = warren.http.get("/api/queues/" + queue);
            assertEquals(200, view.status(), view.body());
            assertEquals(3, view.json().path("messagesReady").asLong(), "messagesReady: " + view.body());
            assertEquals(3, view.json().path("messages").asLong(), "messages: " + view.body());
            assertTrue(view.json().path("messagesUnacked").isNumber(), "known with the management API: " + view.body());
            assertEquals(0, view.json().path("messagesUnacked").asLong(), "messagesUnacked: " + view.body());
            assertEquals(1, view.json().path("deadLetter").path("messages").asLong(), "deadLetter.messages: " + view.body());
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void theListShowsQueuesButNotTheirDeadLetterQueues() {
        String prefix = TestBroker.uniqueName("list");
        // a queue named like a wait queue but for its last part is the user's own
        List<String> queues = List.of(prefix + "-a", prefix + "-b", prefix + "-c.wait.later");
        try {
            queues.forEach(queue -> assertEquals(201, put(queue, "{}").status(), "declared " + queue));

            // a cursor stands for a name: starting just before ours, the pages hold only this test's queues
            Http.Response first = warren.http.get("/api/queues?limit=2&cursor=" + Cursor.of(prefix));
            assertEquals(200, first.status(), first.body());
            assertEquals(List.of(prefix + "-a", prefix + "-b"), names(first.json()),
                    "the first page, without a-'s .dlq between a and b: " + first.body());
            assertEquals(Cursor.of(prefix + "-b"), first.json().path("next").asText(), "the next cursor: " + first.body());
            JsonNode a = first.json().path("items").get(0);
            assertEquals("quorum", a.path("type").asText(), "the listed type: " + a);
            assertTrue(a.path("durable").asBoolean(), "the listed durability: " + a);
            assertEquals(prefix + "-a.dlq", a.path("deadLetter").path("queue").asText(), "the listed dead-letter queue: " + a);

            Http.Response second = warren.http.get("/api/queues?limit=2&cursor=" + first.json().path("next").asText());
            assertEquals(200, second.status(), second.body());
            assertEquals(prefix + "-c.wait.later", names(second.json()).get(0), "the second page starts at c: " + second.body());
            assertTrue(names(second.json()).stream().noneMatch(name -> name.endsWith(".dlq")), "no .dlq: " + second.body());
        } finally {
            queues.forEach(broker::deleteQueues);
        }
    }

    @Test
    void theListCountsMessagesAsTheManagementApiSamplesThem() {
        String queue = TestBroker.uniqueName("list-count");
        try {
            assertEquals(201, put(queue, "{}").status(), "declared");
            broker.publish(queue, "{}");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Http.Response page = warren.http.get("/api/queues?limit=1&cursor=" + Cursor.of(queue.substring(0, queue.length() - 1)));
                assertEquals(200, page.status(), page.body());
                JsonNode item = page.json().path("items").get(0);
                assertEquals(queue, item.path("name").asText(), "the queue: " + page.body());
                assertEquals(1, item.path("messages").asLong(), "sampled count: " + page.body());
                assertEquals(1, item.path("messagesReady").asLong(), "sampled ready count: " + page.body());
            });
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aBadLimitIs400() {
        assertInvalid(warren.http.get("/api/queues?limit=0"), "limit");
        assertInvalid(warren.http.get("/api/queues?limit=1001"), "limit");
        assertInvalid(warren.http.get("/api/queues?limit=ten"), "limit");
    }

    @Test
    void requestHeadersAreNotParameters() {
        String prefix = TestBroker.uniqueName("headers");
        List<String> queues = List.of(prefix + "-a", prefix + "-b");
        try {
            Http.Response a = warren.http.send("PUT", "/api/queues/" + queues.get(0), "{}", "application/json",
                    Map.of("queue", "other"));
            assertEquals(201, a.status(), "the path names the queue, not a 'queue' header: " + a.body());
            assertEquals(201, put(queues.get(1), "{}").status(), "declared b");
            Http.Response page = warren.http.send("GET", "/api/queues?cursor=" + Cursor.of(prefix), null, null, Map.of("limit", "1"));
            assertEquals(200, page.status(), page.body());
            assertEquals(queues, names(page.json()).subList(0, Math.min(2, page.json().path("items").size())),
                    "a 'limit' header is not ?limit=: " + page.body());
        } finally {
            queues.forEach(broker::deleteQueues);
        }
    }

    @Test
    void theDefaultPageIsAtMostFifty() {
        Http.Response page = warren.http.get("/api/queues");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.json().path("items").isArray(), "items: " + page.body());
        assertTrue(page.json().path("items").size() <= 50, "at most 50 items: " + page.json().path("items").size());
        assertTrue(page.json().has("next"), "a next member, null or a cursor: " + page.body());
    }

    @Test
    void purgeRemovesEveryReadyMessageAndSaysHowMany() {
        String queue = TestBroker.uniqueName("purge");
        try {
            assertEquals(201, put(queue, "{}").status(), "declared");
            for (int i = 0; i < 4; i++) {
                broker.publish(queue, "{}");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.ready(queue) == 4);
            Http.Response purged = warren.http.post("/api/queues/" + queue + "/purge");
            assertEquals(200, purged.status(), purged.body());
            assertEquals(4, purged.json().path("purged").asLong(), "purged: " + purged.body());
            assertEquals(0, broker.ready(queue), "the broker holds nothing");
            Http.Response again = warren.http.post("/api/queues/" + queue + "/purge");
            assertEquals(0, again.json().path("purged").asLong(-1), "an empty queue purges 0: " + again.body());
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void deleteRemovesTheQueueAndItsDeadLetterQueueButNoQueueOfTheUsersNamedAlike() {
        String queue = TestBroker.uniqueName("delete");
        String alike = queue + ".wait.later";
        try {
            assertEquals(201, put(queue, "{}").status(), "declared");
            assertEquals(201, put(alike, "{}").status(), "a queue of its own, not a wait queue of " + queue);
            broker.publish(queue, "{}");
            Http.Response deleted = warren.http.delete("/api/queues/" + queue);
            assertEquals(204, deleted.status(), deleted.body());
            assertTrue(deleted.body().isEmpty(), "no body: " + deleted.body());
            assertNull(broker.admin().getQueueInfo(queue), "the queue is gone");
            assertNull(broker.admin().getQueueInfo(queue + ".dlq"), "the dead-letter queue is gone");
            assertProblem(warren.http.get("/api/queues/" + queue), 404);
            assertNotNull(broker.admin().getQueueInfo(alike), alike + " stays");
            assertNotNull(broker.admin().getQueueInfo(alike + ".dlq"), alike + "'s dead-letter queue stays");
        } finally {
            broker.deleteQueues(queue);
            broker.deleteQueues(alike);
        }
    }

    @Test
    void aQueuesDeadLetterQueueIsRefusedAsAQueueOfItsOwnAndStays() {
        String queue = TestBroker.uniqueName("companion");
        String dlq = queue + ".dlq";
        try {
            assertEquals(201, put(queue, "{}").status(), "declared");
            broker.publish(dlq, "{\"dead\": true}");
            await("the dead letter").atMost(Duration.ofSeconds(5)).until(() -> broker.ready(dlq) == 1);
            String task = "{\"payload\": {}}";
            List<Http.Response> refused = List.of(
                    warren.http.delete("/api/queues/" + dlq),
                    warren.http.post("/api/queues/" + dlq + "/purge"),
                    put(dlq, "{}"),
                    warren.http.put("/api/queues/" + dlq + "/workers", "{\"type\": \"http\", \"count\": 1}"),
                    warren.http.post("/api/queues/" + dlq + "/workers/scale", "{\"count\": 2}"),
                    warren.http.post("/api/queues/" + dlq + "/workers/pause"),
                    warren.http.post("/api/queues/" + dlq + "/workers/resume"),
                    warren.http.delete("/api/queues/" + dlq + "/workers"),
                    warren.http.post("/api/queues/" + dlq + "/tasks", task),
                    warren.http.post("/api/queues/" + dlq + "/tasks/batch", "{\"tasks\": [" + task + "]}"),
                    warren.http.post("/queue/publish/" + dlq, "{}"),
                    warren.http.post("/queue/scale/" + dlq, "{\"count\": 1, \"worker_type\": \"http\"}"),
                    warren.http.post("/queue/clear/" + dlq),
                    warren.http.get("/api/queues/" + dlq + "/dead-letters"),
                    warren.http.post("/api/queues/" + dlq + "/dead-letters/replay"),
                    warren.http.post("/api/exchanges/" + TestBroker.uniqueName("exchange") + "/bindings",
                            "{\"queue\": \"" + dlq + "\", \"routingKey\": \"k\"}"));
            for (Http.Response answer : refused) {
                String detail = assertProblem(answer, 409).path("detail").asText();
                assertTrue(detail.contains("dead-letter queue of queue " + queue), "says whose it is: " + detail);
                assertTrue(detail.contains("/api/queues/" + queue + "/dead-letters"), "points to the dead letters: " + detail);
            }
            assertTrue(broker.exists(dlq), "the broker still has the dead-letter queue");
            assertEquals(1, broker.ready(dlq), "holding its one dead letter and nothing published into it");
            assertEquals(0, broker.consumers(dlq), "no worker drains it");
            assertProblem(warren.http.get("/api/queues/" + dlq + "/workers"), 404);
            assertEquals(200, warren.http.get("/api/queues/" + dlq).status(), "it may still be viewed");
            assertEquals(dlq, warren.http.get("/api/queues/" + queue).json().path("deadLetter").path("queue").asText(),
                    "and stays the queue's dead-letter queue");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void replayingAQueueWithoutDeadLetterQueueIs404SayingSo() {
        String queue = TestBroker.uniqueName("no-dlq");
        try {
            broker.admin().declareQueue(new org.springframework.amqp.core.Queue(queue, true));
            String detail = assertProblem(warren.http.post("/api/queues/" + queue + "/dead-letters/replay"), 404)
                    .path("detail").asText();
            assertEquals("Queue " + queue + " has no dead-letter queue " + queue + ".dlq (queues declared through warren have one)",
                    detail, "says what is missing, not the broker's words");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aNameThatOnlyLooksLikeACompanionIsAQueueOfItsOwn() {
        String queue = TestBroker.uniqueName("orders") + "-dlq-report";
        try {
            assertEquals(201, put(queue, "{}").status(), "declared");
            assertEquals(202, warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": {}}").status(), "published");
            assertEquals(200, warren.http.post("/api/queues/" + queue + "/purge").status(), "purged");
            assertEquals(204, warren.http.delete("/api/queues/" + queue).status(), "deleted");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anUnknownQueueIs404() {
        String queue = TestBroker.uniqueName("missing");
        assertProblem(warren.http.get("/api/queues/" + queue), 404);
        assertProblem(warren.http.delete("/api/queues/" + queue), 404);
        assertProblem(warren.http.post("/api/queues/" + queue + "/purge"), 404);
        assertFalse(broker.exists(queue), "asking created nothing");
    }

    @Test
    void invalidNamesAre400NamingTheQueue() {
        List<String> names = new ArrayList<>(List.of("amq.x", "bad%20name", "q".repeat(201), "bad%2Aname"));
        for (String name : names) {
            assertInvalid(put(name, "{}"), "queue");
            assertInvalid(warren.http.get("/api/queues/" + name), "queue");
            assertInvalid(warren.http.delete("/api/queues/" + name), "queue");
            assertInvalid(warren.http.post("/api/queues/" + name + "/purge"), "queue");
        }
        assertFalse(broker.exists("amq.x"), "amq.x was not declared");
        assertFalse(broker.exists("q".repeat(201)) , "the long name was not declared");
    }

    @Test
    void theLongestValidNameWorks() {
        String queue = TestBroker.uniqueName("long");
        queue = queue + "x".repeat(200 - queue.length());
        try {
            assertEquals(201, put(queue, "{}").status(), "a 200-character name");
            assertTrue(broker.exists(queue), "declared");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
