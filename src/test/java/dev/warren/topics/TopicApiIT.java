package dev.warren.topics;

import dev.warren.support.WarrenPerClass;
import static dev.warren.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topics against the real broker: declaring, subscribing, fanning out, pulling, listing and deleting. */
class TopicApiIT extends WarrenPerClass {




    private static Http.Response declare(String topic) {
        return warren.http.send("PUT", "/api/topics/" + topic, null, null);
    }

    private static Http.Response subscribe(String topic, String id) {
        return warren.http.post("/api/topics/" + topic + "/subscribers", Http.json(Map.of("id", id)));
    }

    private static Http.Response publish(String topic, Object payload) {
        return warren.http.post("/api/topics/" + topic + "/messages", Http.json(Map.of("payload", payload)));
    }

    private static Http.Response pull(String topic, String id, int max) {
        return warren.http.get("/api/topics/" + topic + "/subscribers/" + id + "/messages?max=" + max);
    }


    private static void deleteTopic(String topic) {
        warren.http.delete("/api/topics/" + topic);
        broker.admin().deleteExchange(topic);
    }

    @Test
    void declaringATopicCreatesADurableFanoutExchangeOnce() {
        String topic = TestBroker.uniqueName("news");
        try {
            Http.Response created = declare(topic);
            assertEquals(201, created.status(), created.body());
            assertEquals("/api/topics/" + topic, created.location());
            assertEquals(topic, created.text("name"));
            assertEquals(200, declare(topic).status(), "declaring it again is fine");
        } finally {
            deleteTopic(topic);
        }
    }

    @Test
    void aTopicNameTakenByAnExchangeOfAnotherTypeIs409() {
        String name = TestBroker.uniqueName("taken");
        try {
            assertEquals(201, warren.http.put("/api/exchanges/" + name, "{\"type\": \"direct\"}").status());
            assertTrue(assertProblem(declare(name), 409).path("detail").asText().contains("not a durable fanout"));
            assertProblem(warren.http.delete("/api/topics/" + name), 409);
            assertProblem(subscribe(name, "a"), 409);
            assertFalse(broker.exists(name + ".a"), "no queue was declared for it");
        } finally {
            broker.admin().deleteExchange(name);
        }
    }

    @Test
    void everySubscriberGetsEveryMessageExactlyOnce() {
        String topic = TestBroker.uniqueName("fanout");
        List<String> subscribers = List.of("a", "b", "c");
        try {
            assertEquals(201, declare(topic).status());
            for (String id : subscribers) {
                Http.Response subscribed = subscribe(topic, id);
                assertEquals(201, subscribed.status(), subscribed.body());
                assertEquals(id, subscribed.text("id"));
                assertEquals(topic + "." + id, subscribed.text("queue"));
            }
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Http.Response accepted = publish(topic, Map.of("i", i));
                assertEquals(202, accepted.status(), accepted.body());
                assertEquals(3, accepted.json().path("subscribers").asInt(-1), "reached all three: " + accepted.body());
                published.add(accepted.text("id"));
            }
            for (String id : subscribers) {
                Http.Response first = pull(topic, id, 10);
                assertEquals(200, first.status(), first.body());
                JsonNode items = first.json().path("items");
                assertEquals(5, items.size(), id + " gets all five: " + first.body());
                for (int i = 0; i < 5; i++) {
                    assertEquals(published.get(i), items.get(i).path("id").asText(), id + " message " + i);
                    assertEquals(i, items.get(i).path("payload").path("i").asInt(-1), id + " payload " + i);
                    assertFalse(items.get(i).path("publishedAt").asText().isEmpty(), "publishedAt");
                }
                assertEquals(0, pull(topic, id, 10).json().path("items").size(), id + " gets none twice");
                assertEquals(0, broker.ready(topic + "." + id), "taken messages are acked");
            }
        } finally {
            deleteTopic(topic);
        }
    }

    @Test
    void aPullTakesAtMostMaxAndLeavesTheRest() {
        String topic = TestBroker.uniqueName("pull");
        try {
            declare(topic);
            subscribe(topic, "reader");
            for (int i = 0; i < 5; i++) {
                assertEquals(202, publish(topic, i).status());
            }
            Http.Response two = pull(topic, "reader", 2);
            assertEquals(List.of(0, 1), payloads(two));
            assertEquals(3, broker.ready(topic + ".reader"), "three remain on the queue");
            assertEquals(List.of(2, 3, 4), payloads(pull(topic, "reader", 10)));
            assertEquals("max", assertProblem(pull(topic, "reader", 0), 400).path("errors").get(0).path("field").asText());
            assertProblem(warren.http.get("/api/topics/" + topic + "/subscribers/reader/messages?max=many"), 400);
        } finally {
            deleteTopic(topic);
        }
    }

    private static List<Integer> payloads(Http.Response pulled) {
        assertEquals(200, pulled.status(), pulled.body());
        List<Integer> payloads = new ArrayList<>();
        pulled.json().path("items").forEach(item -> payloads.add(item.path("payload").asInt()));
        return payloads;
    }

    @Test
    void aFanoutExchangeNotDeclaredAsATopicIs409AndIsLeftAsItWas() {
        String name = TestBroker.uniqueName("plain");
        try {
            assertEquals(201, warren.http.put("/api/exchanges/" + name, "{\"type\": \"fanout\"}").status());
            JsonNode refused = assertProblem(declare(name), 409);
            assertTrue(refused.path("detail").asText().contains("exists that is not a topic"), refused.toString());
            assertTrue(refused.path("detail").asText().contains("not declared as a topic"), refused.toString());
            assertEquals(null, find(warren.http.get("/api/topics?limit=1000").json().path("items"), name),
                    "it is still no topic");
            JsonNode exchange = find(warren.http.get("/api/exchanges?limit=1000").json().path("items"), name);
            assertNotNull(exchange, "the exchange is still there");
            assertEquals(0, exchange.path("arguments").size(), exchange.toString());

            assertProblem(subscribe(name, "a"), 409);
            assertFalse(broker.exists(name + ".a"), "no queue was declared for it");
            assertProblem(warren.http.get("/api/topics/" + name + "/subscribers"), 409);
            assertProblem(warren.http.delete("/api/topics/" + name), 409);
            assertNotNull(find(warren.http.get("/api/exchanges?limit=1000").json().path("items"), name),
                    "a DELETE of the topic did not delete the exchange");
        } finally {
            broker.admin().deleteExchange(name);
        }
    }

    @Test
    void aKeyLimitedToSomeQueuesCountsOnlyTheirSubscribers() {
        String topic = TestBroker.uniqueName("scoped");
        try {
            declare(topic);
            subscribe(topic, "mine");
            subscribe(topic, "theirs");
            publish(topic, "hello");
            Http limited = warren.http.withKey(dev.warren.support.WarrenCalls.newKey(warren, "viewer", topic + ".mine"));

            JsonNode ours = find(limited.get("/api/topics?limit=1000").json().path("items"), topic);
            assertNotNull(ours, "the topic is listed");
            assertEquals(1, ours.path("subscribers").asInt(-1), "only its own subscriber counts: " + ours);
            JsonNode subscribers = limited.get("/api/topics/" + topic + "/subscribers").json().path("items");
            assertEquals(1, subscribers.size(), subscribers.toString());
            assertEquals("mine", subscribers.get(0).path("id").asText(), subscribers.toString());
            assertEquals(2, find(warren.http.get("/api/topics?limit=1000").json().path("items"), topic)
                    .path("subscribers").asInt(-1), "a key of every queue counts both");
        } finally {
            deleteTopic(topic);
        }
    }

    @Test
    void subscribersAreListedWithTheirBacklogAndTopicsWithTheirSubscribers() {
        String topic = TestBroker.uniqueName("listed");
        String plainFanout = TestBroker.uniqueName("plain");
        try {
            declare(topic);
            subscribe(topic, "one");
            subscribe(topic, "two");
            publish(topic, "hello");
            pull(topic, "one", 10);

            Http.Response listed = warren.http.get("/api/topics/" + topic + "/subscribers");
            assertEquals(200, listed.status(), listed.body());
            JsonNode items = listed.json().path("items");
            assertEquals(2, items.size(), listed.body());
            assertEquals("one", items.get(0).path("id").asText());
            assertEquals(topic + ".one", items.get(0).path("queue").asText());
            assertEquals(0, items.get(0).path("messages").asLong(-1), "one read it");
            assertEquals(1, items.get(1).path("messages").asLong(-1), "two has it waiting");
            assertTrue(listed.json().has("next"), "a list page");

            assertEquals(201, warren.http.put("/api/exchanges/" + plainFanout, "{\"type\": \"fanout\"}").status());
            JsonNode topics = warren.http.get("/api/topics?limit=1000").json().path("items");
            JsonNode ours = find(topics, topic);
            assertNotNull(ours, "the topic is listed: " + topics);
            assertEquals(2, ours.path("subscribers").asInt(-1), ours.toString());
            assertEquals(null, find(topics, plainFanout), "a fanout exchange warren did not declare as a topic");
        } finally {
            deleteTopic(topic);
            broker.admin().deleteExchange(plainFanout);
        }
    }

    private static JsonNode find(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void aSubscriberWithoutAnIdGetsARandomOneAndAWarrenQueue() {
        String topic = TestBroker.uniqueName("anon");
        try {
            declare(topic);
            Http.Response subscribed = warren.http.post("/api/topics/" + topic + "/subscribers");
            assertEquals(201, subscribed.status(), subscribed.body());
            String id = subscribed.text("id");
            assertEquals(36, id.length(), "a UUID: " + id);
            String queue = topic + "." + id;
            assertEquals(queue, subscribed.text("queue"));
            JsonNode view = warren.http.get("/api/queues/" + queue).json();
            assertEquals("quorum", view.path("type").asText(), "an ordinary warren queue: " + view);
            assertEquals(queue + ".dlq", view.path("deadLetter").path("queue").asText(), view.toString());
            assertEquals(200, subscribe(topic, id).status(), "subscribing the same id again");
        } finally {
            deleteTopic(topic);
        }
    }

    @Test
    void aQueueNamedLikeASubscriberIsNoneAndKeepsItsMessages() {
        String topic = TestBroker.uniqueName("posing");
        String queue = topic + ".orders";
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
            assertEquals(202, warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": 1}").status());
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> broker.ready(queue) == 1);
            assertProblem(pull(topic, "orders", 10), 404);
            assertProblem(warren.http.delete("/api/topics/" + topic + "/subscribers/orders"), 404);
            assertEquals(201, declare(topic).status(), "a topic of that name, the queue still not bound to it");
            JsonNode taken = assertProblem(subscribe(topic, "orders"), 409);
            assertTrue(taken.path("detail").asText().contains("is not a subscriber of topic " + topic), taken.toString());
            assertEquals(0, warren.http.get("/api/topics/" + topic + "/subscribers").json().path("items").size(),
                    "the queue was not bound to the topic");
            assertProblem(pull(topic, "orders", 10), 404);
            assertProblem(warren.http.delete("/api/topics/" + topic + "/subscribers/orders"), 404);
            assertEquals(1, broker.ready(queue), "the queue's task is still there");
        } finally {
            warren.http.delete("/api/queues/" + queue);
            deleteTopic(topic);
        }
    }

    @Test
    void removingASubscriberDeletesItsQueueAndDeletingATopicItsSubscribers() {
        String topic = TestBroker.uniqueName("gone");
        try {
            declare(topic);
            subscribe(topic, "x");
            subscribe(topic, "y");
            assertEquals(204, warren.http.delete("/api/topics/" + topic + "/subscribers/x").status());
            assertFalse(broker.exists(topic + ".x"));
            assertFalse(broker.exists(topic + ".x.dlq"));
            assertProblem(warren.http.delete("/api/topics/" + topic + "/subscribers/x"), 404);
            assertEquals(1, publish(topic, 1).json().path("subscribers").asInt(-1));

            assertEquals(204, warren.http.delete("/api/topics/" + topic).status());
            assertFalse(broker.exists(topic + ".y"), "the subscriber's queue went with the topic");
            assertFalse(broker.exists(topic + ".y.dlq"), "and its dead-letter queue");
            assertProblem(warren.http.delete("/api/topics/" + topic), 404);
        } finally {
            deleteTopic(topic);
        }
    }

    @Test
    void badInputIsA4xxProblem() {
        String missing = TestBroker.uniqueName("missing");
        assertEquals("topic", assertProblem(declare("amq.news"), 400).path("errors").get(0).path("field").asText());
        assertProblem(declare("no%20spaces"), 400);
        assertProblem(warren.http.delete("/api/topics/" + missing), 404);
        assertProblem(subscribe(missing, "a"), 404);
        assertProblem(publish(missing, 1), 404);
        assertProblem(pull(missing, "a", 1), 404);
        String topic = TestBroker.uniqueName("bad");
        try {
            declare(topic);
            assertProblem(pull(topic, "nobody", 1), 404);
            assertEquals("id", assertProblem(subscribe(topic, "x.dlq"), 400).path("errors").get(0).path("field").asText());
            assertEquals("payload", assertProblem(warren.http.post("/api/topics/" + topic + "/messages", "{}"), 400)
                    .path("errors").get(0).path("field").asText());
            assertProblem(warren.http.post("/api/topics/" + topic + "/messages", "{\"payload\": 1, \"id\": \"x\"}"), 400);
            assertProblem(warren.http.post("/api/topics/" + topic + "/messages", "{not json"), 400);
        } finally {
            deleteTopic(topic);
        }
    }

    @Test
    void aMessageToATopicWithoutSubscribersReachesNone() {
        String topic = TestBroker.uniqueName("lonely");
        try {
            declare(topic);
            Http.Response accepted = publish(topic, Map.of("n", 1));
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals(0, accepted.json().path("subscribers").asInt(-1));
        } finally {
            deleteTopic(topic);
        }
    }
}
