package dev.warren.api;

import dev.warren.support.WarrenPerClass;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenCalls;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker's connections and consumers as warren shows them, and what happens without the management API. */
class BrokerViewIT extends WarrenPerClass {




    private static List<JsonNode> items(Http.Response response) {
        assertEquals(200, response.status(), response.body());
        List<JsonNode> items = new ArrayList<>();
        response.json().path("items").forEach(items::add);
        return items;
    }

    @Test
    void warrensOwnConnectionAndItsConsumersAreListed() {
        String queue = TestBroker.uniqueName("watched");
        try {
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
            assertEquals(200, warren.http.put("/api/queues/" + queue + "/workers",
                    Http.json(Map.of("count", 2, "type", "log", "prefetch", 3))).status());

            // the management API lists new connections and consumers a little late, and other warrens may be listed
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<JsonNode> warrens = items(warren.http.get("/api/connections?limit=1000")).stream()
                        .filter(c -> c.path("name").asText().equals("warren")).toList();
                assertFalse(warrens.isEmpty(), "warren's connection is listed");
                for (JsonNode connection : warrens) {
                    assertEquals("guest", connection.path("user").asText(), connection.toString());
                    assertEquals("/", connection.path("vhost").asText(), connection.toString());
                    assertTrue(connection.path("peer").asText().matches(".+:\\d+"), "host:port " + connection);
                    assertTrue(connection.has("channels") && connection.has("state"), connection.toString());
                }
                List<JsonNode> consumers = items(warren.http.get("/api/consumers?limit=1000")).stream()
                        .filter(c -> c.path("queue").asText().equals(queue)).toList();
                assertEquals(2, consumers.size(), "the group's two consumers: " + consumers);
                List<String> warrenPeers = warrens.stream().map(c -> c.path("peer").asText() + " ").toList();
                for (JsonNode consumer : consumers) {
                    assertTrue(consumer.path("ackRequired").asBoolean(), consumer.toString());
                    assertEquals(3, consumer.path("prefetch").asInt(), consumer.toString());
                    assertFalse(consumer.path("consumerTag").asText().isEmpty(), consumer.toString());
                    String channel = consumer.path("channel").asText();
                    assertTrue(warrenPeers.stream().anyMatch(channel::startsWith), "on a channel of warren's connection: " + channel);
                }
            });
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void withoutTheManagementApiOnlyTheBrokerViewsAre503() throws Exception {
        try (RunningWarren blind = RunningWarren.start(Map.of("warren.rabbitmq.management-uri", "http://guest:guest@localhost:1"))) {
            for (String view : List.of("/api/connections", "/api/consumers")) {
                Http.Response answer = blind.http.get(view);
                assertEquals(503, answer.status(), answer.body());
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
                assertTrue(answer.json().path("detail").asText().contains("management API"), answer.body());
            }

            String topic = TestBroker.uniqueName("blind");
            String exchange = TestBroker.uniqueName("blind-ex");
            try {
                assertEquals(201, blind.http.send("PUT", "/api/topics/" + topic, null, null).status());
                assertEquals(201, blind.http.post("/api/topics/" + topic + "/subscribers", "{\"id\": \"s\"}").status());
                Http.Response published = blind.http.post("/api/topics/" + topic + "/messages", "{\"payload\": 1}");
                assertEquals(202, published.status(), published.body());
                assertTrue(published.json().path("subscribers").isNull(), "uncounted without the management API");
                Http.Response pulled = blind.http.get("/api/topics/" + topic + "/subscribers/s/messages");
                assertEquals(1, items(pulled).size(), pulled.body());

                assertEquals(201, blind.http.put("/api/exchanges/" + exchange, "{\"type\": \"direct\"}").status());
                assertEquals(201, blind.http.post("/api/exchanges/" + exchange + "/bindings",
                        Http.json(Map.of("queue", topic + ".s", "routingKey", "k"))).status());
                Http.Response routed = blind.http.post("/api/exchanges/" + exchange + "/publish",
                        "{\"routingKey\": \"k\", \"payload\": 2}");
                assertEquals(202, routed.status(), routed.body());
                assertTrue(routed.json().path("routed").asBoolean(), routed.body());
            } finally {
                broker.admin().deleteExchange(exchange);
                broker.deleteQueues(topic + ".s");
                broker.admin().deleteExchange(topic);
            }
        }
    }

    @Test
    void withoutTheManagementApiAQueueIsDeclaredViewedAndFedWithANoteOnWhatIsUnknown() throws Exception {
        try (RunningWarren blind = RunningWarren.start(Map.of("warren.rabbitmq.management-uri", "http://guest:guest@localhost:1"))) {
            String queue = TestBroker.uniqueName("blind-q");
            try {
                Http.Response declared = blind.http.put("/api/queues/" + queue, "{}");
                assertEquals(201, declared.status(), declared.body());
                assertTrue(declared.json().path("note").asText().contains("management API"), declared.body());
                assertTrue(declared.json().path("type").isNull(), "the type is unknown: " + declared.body());

                assertEquals(202, blind.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": 1}").status());
                Http.Response viewed = blind.http.get("/api/queues/" + queue);
                assertEquals(200, viewed.status(), viewed.body());
                assertEquals(1, viewed.json().path("messagesReady").asLong(), viewed.body());
                assertTrue(viewed.json().has("messagesUnacked") && viewed.json().path("messagesUnacked").isNull(),
                        "unknown, so null rather than 0: " + viewed.body());
                assertTrue(declared.json().path("messagesUnacked").isNull(), "unknown at declare too: " + declared.body());
                assertEquals(1, broker.ready(queue), "the task is on the broker");

                Http.Response listed = blind.http.get("/api/queues");
                assertEquals(503, listed.status(), "only the management API lists queues: " + listed.body());
                assertTrue(listed.json().path("detail").asText().contains("rabbitmq_management"), listed.body());
            } finally {
                broker.deleteQueues(queue);
            }
        }
    }

    @Test
    void withoutTheManagementApiADeleteTakesTheWaitQueuesThisInstanceDeclared() throws Exception {
        try (TargetServer failing = TargetServer.start(request -> TargetServer.Answer.status(503));
             RunningWarren blind = RunningWarren.start(Map.of("warren.rabbitmq.management-uri", "http://guest:guest@localhost:1"))) {
            String queue = TestBroker.uniqueName("blind-delete");
            try {
                assertEquals(201, blind.http.put("/api/queues/" + queue, "{}").status());
                // the first task fails and waits a minute for its retry; it opens the breaker, which holds the second
                WarrenCalls.putGroup(blind, queue, Map.of("count", 1, "type", "http",
                        "target", Map.of("url", failing.url()),
                        "retry", Map.of("maxAttempts", 3, "backoffMs", 60_000),
                        "circuitBreaker", Map.of("failureThreshold", 1, "coolOffMs", 60_000, "maxCoolOffMs", 60_000)));
                WarrenCalls.publish(blind, queue, Map.of("n", 1));
                await("the retry waiting").atMost(Duration.ofSeconds(10))
                        .until(() -> broker.queuesStartingWith(queue + ".wait.").size() == 1);
                WarrenCalls.publish(blind, queue, Map.of("n", 2));
                await("the task the breaker holds waiting apart").atMost(Duration.ofSeconds(10))
                        .until(() -> broker.queuesStartingWith(queue + ".wait.gate.").size() == 1);
                List<String> waitQueues = broker.queuesStartingWith(queue + ".wait.");
                assertEquals(2, waitQueues.size(), waitQueues.toString());
                assertEquals(2, broker.ready(waitQueues.get(0)) + broker.ready(waitQueues.get(1)),
                        "each holds its task: " + waitQueues);

                Http.Response deleted = blind.http.delete("/api/queues/" + queue);
                assertEquals(204, deleted.status(), deleted.body());
                for (String gone : waitQueues) {
                    assertFalse(broker.exists(gone), gone + " deleted with its queue");
                }
                assertFalse(broker.exists(queue), "the queue deleted");
                assertFalse(broker.exists(queue + ".dlq"), "its dead-letter queue deleted");
            } finally {
                broker.deleteQueues(queue, queue + ".dlq");
                broker.queuesStartingWith(queue + ".wait.").forEach(broker::deleteQueues);
            }
        }
    }
}
