package dev.warren.api;

import dev.warren.support.WarrenPerClass;
import static dev.warren.support.Problems.assertProblem;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenCalls;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exchanges and bindings against the real broker, and publishing through them with the routed flag. */
class ExchangeApiIT extends WarrenPerClass {




    private static Http.Response declare(String exchange, String type) {
        return warren.http.put("/api/exchanges/" + exchange, "{\"type\": \"" + type + "\"}");
    }

    private static Http.Response bind(String exchange, Object binding) {
        return warren.http.post("/api/exchanges/" + exchange + "/bindings", Http.json(binding));
    }

    private static Http.Response publish(String exchange, String routingKey, Map<String, String> headers) {
        return warren.http.post("/api/exchanges/" + exchange + "/publish",
                Http.json(Map.of("routingKey", routingKey, "payload", Map.of("key", routingKey), "headers", headers)));
    }

    private static String queue(String prefix) {
        String queue = TestBroker.uniqueName(prefix);
        assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
        return queue;
    }


    private static String field(Http.Response response) {
        return assertProblem(response, 400).path("errors").get(0).path("field").asText();
    }

    @Test
    void anExchangeIsCreatedOnceListedAndDeleted() {
        String exchange = TestBroker.uniqueName("ex");
        try {
            Http.Response created = declare(exchange, "topic");
            assertEquals(201, created.status(), created.body());
            assertEquals("/api/exchanges/" + exchange, created.location());
            assertEquals("topic", created.text("type"));
            assertEquals(200, declare(exchange, "topic").status(), "the same type again");
            assertTrue(assertProblem(declare(exchange, "fanout"), 409).path("detail").asText().contains(exchange));

            JsonNode items = warren.http.get("/api/exchanges?limit=1000").json().path("items");
            JsonNode listed = null;
            for (JsonNode item : items) {
                assertTrue(!item.path("name").asText().isEmpty() && !item.path("name").asText().startsWith("amq."),
                        "neither the default nor amq.* exchanges: " + item);
                if (item.path("name").asText().equals(exchange)) {
                    listed = item;
                }
            }
            assertNotNull(listed, "listed");
            assertEquals("topic", listed.path("type").asText());
            assertTrue(listed.path("durable").asBoolean());

            assertEquals(204, warren.http.delete("/api/exchanges/" + exchange).status());
            assertProblem(warren.http.delete("/api/exchanges/" + exchange), 404);
        } finally {
            broker.admin().deleteExchange(exchange);
        }
    }

    @Test
    void aTopicExchangeRoutesWildcardKeysAndSaysWhenNothingMatched() {
        String exchange = TestBroker.uniqueName("orders");
        String queue = queue("orders-eu");
        try {
            declare(exchange, "topic");
            Http.Response bound = bind(exchange, Map.of("queue", queue, "routingKey", "orders.*.eu"));
            assertEquals(201, bound.status(), bound.body());
            assertEquals("orders.*.eu", bound.text("routingKey"));

            Http.Response matched = publish(exchange, "orders.books.eu", Map.of());
            assertEquals(202, matched.status(), matched.body());
            assertEquals(true, matched.json().path("routed").asBoolean(false), matched.body());
            Http.Response unmatched = publish(exchange, "orders.books.us", Map.of());
            assertEquals(202, unmatched.status(), "an unrouted message is not an error: " + unmatched.body());
            assertEquals(false, unmatched.json().path("routed").asBoolean(true), unmatched.body());
            assertEquals(false, publish(exchange, "orders.eu", Map.of()).json().path("routed").asBoolean(true),
                    "* matches exactly one word");

            List<Message> delivered = broker.drain(queue);
            assertEquals(1, delivered.size());
            assertEquals(matched.text("id"), delivered.get(0).getMessageProperties().getMessageId());

            assertEquals(204, warren.http.delete("/api/exchanges/" + exchange + "/bindings?queue=" + queue
                    + "&routingKey=orders.*.eu").status());
            assertEquals(false, publish(exchange, "orders.books.eu", Map.of()).json().path("routed").asBoolean(true),
                    "unbound");
            assertProblem(warren.http.delete("/api/exchanges/" + exchange + "/bindings?queue=" + queue
                    + "&routingKey=orders.*.eu"), 404);
        } finally {
            broker.admin().deleteExchange(exchange);
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aHeadersExchangeRoutesOnBindingArguments() {
        String exchange = TestBroker.uniqueName("by-headers");
        String queue = queue("eu-orders");
        try {
            assertEquals(201, declare(exchange, "headers").status());
            Http.Response bound = bind(exchange, Map.of("queue", queue,
                    "arguments", Map.of("x-match", "all", "region", "eu", "kind", "order")));
            assertEquals(201, bound.status(), bound.body());

            assertEquals(true, publish(exchange, "", Map.of("region", "eu", "kind", "order")).json().path("routed").asBoolean());
            assertEquals(false, publish(exchange, "", Map.of("region", "us", "kind", "order")).json().path("routed").asBoolean(true));
            assertEquals(false, publish(exchange, "", Map.of("region", "eu")).json().path("routed").asBoolean(true), "all must match");
            assertEquals(1, broker.drain(queue).size());

            assertEquals(204, warren.http.delete("/api/exchanges/" + exchange + "/bindings?queue=" + queue).status(),
                    "unbinds whatever its arguments");
            assertEquals(false, publish(exchange, "", Map.of("region", "eu", "kind", "order")).json().path("routed").asBoolean(true));
        } finally {
            broker.admin().deleteExchange(exchange);
            broker.deleteQueues(queue);
        }
    }

    @Test
    void bindingsDifferingOnlyInTheirArgumentsAreEachListedOncePageByPage() {
        String exchange = TestBroker.uniqueName("by-args");
        String queue = queue("by-args");
        try {
            assertEquals(201, declare(exchange, "direct").status());
            assertEquals(201, bind(exchange, Map.of("queue", queue, "routingKey", "k", "arguments", Map.of("a", "1"))).status());
            assertEquals(201, bind(exchange, Map.of("queue", queue, "routingKey", "k", "arguments", Map.of())).status());
            assertEquals(201, bind(exchange, Map.of("queue", queue, "routingKey", "k", "arguments", Map.of("b", "2", "a", "1")))
                    .status());

            List<JsonNode> walked = WarrenCalls.everyItem(warren, "/api/exchanges/" + exchange + "/bindings?limit=1");
            List<Map<?, ?>> arguments = walked.stream()
                    .<Map<?, ?>>map(item -> Json.MAPPER.convertValue(item.path("arguments"), Map.class)).toList();
            assertEquals(3, arguments.size(), "three pages of one: " + walked);
            assertEquals(Set.of(Map.of(), Map.of("a", "1"), Map.of("a", "1", "b", "2")), Set.copyOf(arguments),
                    "each binding once: " + walked);
            walked.forEach(item -> assertEquals(queue + " k", item.path("queue").asText() + " "
                    + item.path("routingKey").asText(), item.toString()));

            assertEquals(204, warren.http.delete("/api/exchanges/" + exchange + "/bindings?queue=" + queue
                    + "&routingKey=k").status(), "unbinds the queue's bindings with that key, whatever their arguments");
            assertEquals(0, warren.http.get("/api/exchanges/" + exchange + "/bindings").json().path("items").size());
        } finally {
            broker.admin().deleteExchange(exchange);
            broker.deleteQueues(queue);
        }
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Set<Map<?, ?>> argumentsBound(String exchange) {
        List<JsonNode> items = WarrenCalls.everyItem(warren, "/api/exchanges/" + exchange + "/bindings");
        return items.stream().<Map<?, ?>>map(item -> Json.MAPPER.convertValue(item.path("arguments"), Map.class))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void oneOfBindingsDifferingOnlyInTheirArgumentsIsUnboundByNamingThem() {
        String exchange = TestBroker.uniqueName("unbind-args");
        String queue = queue("unbind-args");
        String unbind = "/api/exchanges/" + exchange + "/bindings?queue=" + queue + "&routingKey=&arguments=";
        Map<String, String> pdf = Map.of("x-match", "all", "format", "pdf");
        Map<String, String> hostile = Map.of("x-match", "any", "k", "{{x}}${x}#class:RAW(&opt=1)");
        try {
            assertEquals(201, declare(exchange, "headers").status());
            assertEquals(201, bind(exchange, Map.of("queue", queue, "arguments", pdf)).status());
            assertEquals(201, bind(exchange, Map.of("queue", queue, "arguments", Map.of("x-match", "all", "format", "csv"))).status());
            assertEquals(201, bind(exchange, Map.of("queue", queue, "arguments", hostile)).status());
            assertEquals(201, bind(exchange, Map.of("queue", queue)).status());

            // as listed, keys in any order: only that binding goes
            Http.Response removed = warren.http.delete(unbind + encoded("{\"format\": \"pdf\", \"x-match\": \"all\"}"));
            assertEquals(204, removed.status(), removed.body());
            assertEquals(Set.of(Map.of("x-match", "all", "format", "csv"), hostile, Map.of()), argumentsBound(exchange));
            assertProblem(warren.http.delete(unbind + encoded(Http.json(pdf))), 404);

            // hostile text is compared as data: a near miss removes nothing, the exact value removes its binding
            assertProblem(warren.http.delete(unbind + encoded("{\"x-match\": \"any\", \"k\": \"{{x}}\"}")), 404);
            assertEquals(3, argumentsBound(exchange).size(), "nothing removed by a near miss");
            assertEquals(204, warren.http.delete(unbind + encoded(Http.json(hostile))).status());
            assertEquals("arguments", field(warren.http.delete(unbind + encoded("format=pdf"))));
            assertEquals("arguments", field(warren.http.delete(unbind + encoded("[\"pdf\"]"))));
            assertEquals(2, argumentsBound(exchange).size(), "nothing removed by refused arguments");

            // {} names the binding without arguments; no arguments at all keeps removing every one
            assertEquals(204, warren.http.delete(unbind + encoded("{}")).status());
            assertEquals(Set.of(Map.of("x-match", "all", "format", "csv")), argumentsBound(exchange));
            assertEquals(204, warren.http.delete("/api/exchanges/" + exchange + "/bindings?queue=" + queue).status());
            assertEquals(Set.of(), argumentsBound(exchange));
        } finally {
            broker.admin().deleteExchange(exchange);
            broker.deleteQueues(queue);
        }
    }

    @Test
    void unbindingWithoutAQueueSaysTheQueueIsRequired() {
        String exchange = TestBroker.uniqueName("no-queue");
        try {
            assertEquals(201, declare(exchange, "direct").status());
            JsonNode error = assertProblem(warren.http.delete("/api/exchanges/" + exchange + "/bindings"), 400)
                    .path("errors").get(0);
            assertEquals("queue", error.path("field").asText(), error.toString());
            assertTrue(error.path("message").asText().startsWith("is required"), error.toString());
        } finally {
            broker.admin().deleteExchange(exchange);
        }
    }

    @Test
    void badInputIsA4xxProblem() {
        String exchange = TestBroker.uniqueName("bad");
        String missing = TestBroker.uniqueName("missing");
        try {
            assertEquals("type", field(declare(exchange, "x-delayed-message")));
            assertEquals("type", field(warren.http.put("/api/exchanges/" + exchange, "{}")));
            assertProblem(warren.http.put("/api/exchanges/" + exchange, "{\"type\": "), 400);
            assertEquals("exchange", field(declare("amq.mine", "direct")));
            assertEquals("exchange", field(declare("a:b", "direct")));
            assertProblem(warren.http.delete("/api/exchanges/amq.direct"), 400);
            assertProblem(warren.http.delete("/api/exchanges/" + missing), 404);

            declare(exchange, "direct");
            assertTrue(assertProblem(bind(exchange, Map.of("queue", missing)), 404).path("detail").asText().contains(missing));
            String queue = queue("bind");
            try {
                assertTrue(assertProblem(bind(missing, Map.of("queue", queue)), 404).path("detail").asText().contains(missing));
                assertEquals("arguments.x-match", field(bind(exchange, Map.of("queue", queue, "arguments", Map.of("x-match", "most")))));
                assertProblem(warren.http.delete("/api/exchanges/" + missing + "/bindings?queue=" + queue), 404);
            } finally {
                broker.deleteQueues(queue);
            }
            assertProblem(publish(missing, "k", Map.of()), 404);
            assertEquals("payload", field(warren.http.post("/api/exchanges/" + exchange + "/publish", "{\"routingKey\": \"k\"}")));
            assertEquals("routingKey", field(publish(exchange, "k".repeat(256), Map.of())));
        } finally {
            broker.admin().deleteExchange(exchange);
        }
    }
}
