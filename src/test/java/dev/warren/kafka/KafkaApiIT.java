package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka topics, publishing and pulls through warren's API against a real Kafka broker (support/TestKafka). */
class KafkaApiIT {

    private static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers));
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    static String topic(String prefix) {
        return TestBroker.uniqueName(prefix);
    }

    @Test
    void publishedMessagesAreReadBackOnceByAGroupWithTheirKeysAndHeaders() {
        String topic = topic("kafka-pub");
        assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 3}").status());
        Http.Response one = warren.http.post("/api/kafka/topics/" + topic + "/messages",
                "{\"id\": \"m-1\", \"key\": \"customer-7\", \"payload\": {\"n\": 1}, \"headers\": {\"trace\": \"t-1\"}}");
        assertEquals(202, one.status(), one.body());
        assertEquals("m-1", one.json().path("messages").get(0).path("id").asText());
        assertTrue(one.json().path("messages").get(0).path("offset").asLong() >= 0, one.body());
        StringBuilder batch = new StringBuilder("{\"messages\": [");
        for (int i = 2; i <= 6; i++) {
            batch.append(i > 2 ? "," : "").append("{\"key\": \"customer-7\", \"payload\": {\"n\": ").append(i).append("}}");
        }
        Http.Response many = warren.http.post("/api/kafka/topics/" + topic + "/messages/batch", batch + "]}");
        assertEquals(202, many.status(), many.body());
        assertEquals(5, many.json().path("messages").size());

        JsonNode pulled = warren.http.get("/api/kafka/topics/" + topic + "/messages?group=readers&max=100").json();
        List<Integer> numbers = new ArrayList<>();
        pulled.path("items").forEach(item -> numbers.add(item.path("payload").path("n").asInt()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), numbers, "one key, one partition, in order: " + pulled);
        JsonNode first = pulled.path("items").get(0);
        assertEquals("m-1", first.path("id").asText());
        assertEquals("customer-7", first.path("key").asText());
        assertEquals(Map.of("trace", "t-1"), Map.of("trace", first.path("headers").path("trace").asText()));
        assertEquals(1, first.path("headers").size(), "warren's own headers are not shown: " + first);

        assertEquals(0, warren.http.get("/api/kafka/topics/" + topic + "/messages?group=readers").json().path("items").size(),
                "the group's offsets were committed");
        assertEquals(6, warren.http.get("/api/kafka/topics/" + topic + "/messages?group=others&max=10").json()
                .path("items").size(), "another group reads them all");
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
    }

    @Test
    void aTopicIsCreatedDescribedWithEachGroupsLagAndDeleted() {
        String topic = topic("kafka-topic");
        Http.Response created = warren.http.put("/api/kafka/topics/" + topic,
                "{\"partitions\": 2, \"replicationFactor\": 1, \"retentionMs\": 3600000}");
        assertEquals(201, created.status(), created.body());
        assertEquals(2, created.json().path("partitionCount").asInt());
        assertEquals(3600000, created.json().path("retentionMs").asLong());
        assertEquals(200, warren.http.put("/api/kafka/topics/" + topic, null).status(), "it exists");
        for (int i = 0; i < 10; i++) {
            assertEquals(202, warren.http.post("/api/kafka/topics/" + topic + "/messages", "{\"payload\": " + i + "}").status());
        }
        assertEquals(4, warren.http.get("/api/kafka/topics/" + topic + "/messages?group=slow&max=4").json().path("items").size());

        JsonNode view = warren.http.get("/api/kafka/topics/" + topic).json();
        assertEquals(10, view.path("partitions").findValues("endOffset").stream().mapToLong(JsonNode::asLong).sum(), view.toString());
        JsonNode slow = view.path("consumerGroups").get(0);
        assertEquals("slow", slow.path("group").asText(), view.toString());
        assertEquals(6, slow.path("lag").asLong(), view.toString());

        List<String> listed = warren.http.get("/api/kafka/topics?limit=1000").json().path("items").findValuesAsText("name");
        assertTrue(listed.contains(topic), listed.toString());
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
        assertEquals(404, warren.http.get("/api/kafka/topics/" + topic).status());
        assertEquals(404, warren.http.post("/api/kafka/topics/" + topic + "/messages", "{\"payload\": 1}").status());
    }

    @Test
    void hostileTopicAndGroupNamesAreRefusedAs400() {
        String topic = topic("kafka-safe");
        assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, null).status());
        for (String hostile : List.of("{{x}}", "${x}", "#class:java.lang.Runtime", "RAW(x)", "t&opt=1", "a".repeat(250),
                "__consumer_offsets", "..")) {
            String path = "/api/kafka/topics/" + URLEncoder.encode(hostile, StandardCharsets.UTF_8).replace("+", "%20");
            for (Http.Response answer : List.of(warren.http.put(path, null), warren.http.get(path),
                    warren.http.post(path + "/messages", "{\"payload\": 1}"), warren.http.get(path + "/messages?group=g"))) {
                assertEquals(400, answer.status(), hostile + ": " + answer.body());
                assertEquals("application/problem+json", answer.contentType());
            }
        }
        for (String hostile : List.of("{{x}}", "${x}", "#class:java.lang.Runtime", "RAW(x)", "g&opt=1", "a".repeat(201), "")) {
            Http.Response answer = warren.http.get("/api/kafka/topics/" + topic + "/messages?group="
                    + URLEncoder.encode(hostile, StandardCharsets.UTF_8));
            assertEquals(400, answer.status(), hostile + ": " + answer.body());
        }
        assertEquals(400, warren.http.post("/api/kafka/topics/" + topic + "/messages",
                "{\"payload\": 1, \"headers\": {\"x-warren-id\": \"forged\"}}").status());
        assertEquals(400, warren.http.put("/api/kafka/topics/" + topic("kafka-bad"), "{\"partitions\": 0}").status());
        assertEquals(400, warren.http.get("/api/kafka/topics/" + topic + "/messages?group="
                + KafkaNames.workerGroup(topic)).status(), "a worker group's consumer group is not for pulls");
        List<String> names = warren.http.get("/api/kafka/topics?limit=1000").json().path("items").findValuesAsText("name");
        assertTrue(names.stream().noneMatch(name -> name.contains("{") || name.contains("$")), names.toString());
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
    }

    @Test
    void aClusterThatDoesNotAnswerIs503WithinTheBoundAndMakesWarrenNotReady() throws Exception {
        try (RunningWarren cut = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", "127.0.0.1:9",
                "warren.kafka.delivery-timeout-ms", "1000", "warren.kafka.request-timeout-ms", "1000"))) {
            long started = System.nanoTime();
            Http.Response answer = cut.http.post("/api/kafka/topics/" + topic("kafka-down") + "/messages", "{\"payload\": 1}");
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, answer.status(), answer.body());
            assertEquals("application/problem+json", answer.contentType());
            assertTrue(ms < 10_000, "bounded: " + ms + " ms");
            assertEquals(503, cut.http.withoutKey().get("/observe/health/ready").status());
            Http.Response ready = cut.http.get("/observe/health");
            assertEquals(503, ready.status(), ready.body());
            assertTrue(ready.body().contains("warren-kafka"), ready.body());
        }
    }

    @Test
    void withoutKafkaConfiguredTheKafkaEndpointsAnswer404AndReadinessHasNoKafkaCheck() throws Exception {
        try (RunningWarren plain = RunningWarren.start()) {
            Http.Response answer = plain.http.get("/api/kafka/topics");
            assertEquals(404, answer.status(), answer.body());
            assertTrue(answer.body().contains("warren.kafka.bootstrap-servers"), answer.body());
            Http.Response ready = plain.http.get("/observe/health?exposureLevel=full");
            assertEquals(200, ready.status(), ready.body());
            assertTrue(!ready.body().contains("warren-kafka"), ready.body());
        }
    }
}
