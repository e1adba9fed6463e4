package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Kafka worker group is kept in the store: after a restart of warren it runs again and delivers what was published
 * while warren was down, each message once; every delivered message is a job of "kafka:{topic}" with its attempts.
 */
class KafkaWorkerGroupRestoreIT {

    private static final int BEFORE = 20;
    private static final int WHILE_DOWN = 20;

    @Test
    void aGroupComesBackAfterARestartAndItsMessagesAreJobsWithTheirAttempts() throws Exception {
        String topic = TestBroker.uniqueName("kafka-restore");
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        RunningWarren warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers));
        try (TargetServer target = TargetServer.start(request -> {
            String kind = request.json().path("kind").asText();
            if (kind.equals("dead")) {
                return TargetServer.Answer.status(422);
            }
            if (kind.equals("retry") && failedOnce.add(request.webhookId())) {
                return TargetServer.Answer.status(503);
            }
            return TargetServer.Answer.ok().withBody("{\"done\": true}");
        })) {
            assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 2}").status());
            Http.Response group = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 2,"
                    + " \"target\": {\"url\": \"" + target.url() + "\"}, \"retry\": {\"maxAttempts\": 3, \"backoffMs\": 100}}");
            assertEquals(200, group.status(), group.body());
            StringBuilder batch = new StringBuilder("{\"messages\": [");
            for (int n = 0; n < BEFORE; n++) {
                batch.append(n > 0 ? "," : "").append("{\"id\": \"r-").append(n).append("\", \"key\": \"k").append(n % 4)
                        .append("\", \"payload\": ").append(payload(n)).append("}");
            }
            assertEquals(202, warren.http.post("/api/kafka/topics/" + topic + "/messages/batch", batch + "]}").status());
            await().atMost(Duration.ofSeconds(20)).until(() -> answered(target).size() == BEFORE);

            String before = topic;
            warren = warren.restart(() -> publishDirectly(before, BEFORE, BEFORE + WHILE_DOWN));

            JsonNode restored = warren.http.get("/api/kafka/topics/" + topic + "/workers").json();
            assertEquals(2, restored.path("count").asInt(), restored.toString());
            assertEquals("running", restored.path("state").asText(), restored.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> answered(target).size() == BEFORE + WHILE_DOWN);

            Map<String, Long> successes = target.requests().stream().filter(r -> !r.json().path("kind").asText().equals("dead"))
                    .filter(r -> !(r.json().path("kind").asText().equals("retry") && r.attempt() == 1))
                    .collect(Collectors.groupingBy(TargetServer.Request::webhookId, Collectors.counting()));
            assertEquals(BEFORE + WHILE_DOWN - 2, successes.size(), "every message but the two dead ones succeeded");
            assertEquals(Map.of(), successes.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "none delivered twice");

            String queue = "kafka:" + topic;
            RunningWarren back = warren;
            Map<String, String> statuses = await().atMost(Duration.ofSeconds(10)).until(() -> statuses(back, queue),
                    all -> all.size() == BEFORE + WHILE_DOWN
                            && all.values().stream().allMatch(status -> status.equals("finished") || status.equals("failed")));
            assertEquals(Set.of("r-13", "r-33"), statuses.entrySet().stream().filter(e -> e.getValue().equals("failed"))
                    .map(Map.Entry::getKey).collect(Collectors.toSet()), statuses.toString());

            JsonNode retried = warren.http.get("/api/jobs/r-27").json();
            assertEquals(queue, retried.path("queue").asText(), retried.toString());
            assertEquals("finished", retried.path("status").asText(), retried.toString());
            assertEquals(List.of(503, 200), numbers(retried.path("attempts"), "httpStatus"), retried.toString());
            assertEquals(27, retried.path("payload").path("n").asInt(), retried.toString());
            assertEquals("{\"done\": true}", retried.path("result").path("body").asText(), retried.toString());
            JsonNode dead = warren.http.get("/api/jobs/r-13").json();
            assertEquals(List.of(422), numbers(dead.path("attempts"), "httpStatus"), dead.toString());
            assertTrue(dead.path("error").asText().contains("422"), dead.toString());

            JsonNode found = warren.http.get("/api/jobs?queue=" + queue + "&q=needle-31").json().path("items");
            assertEquals(1, found.size(), found.toString());
            assertEquals("r-31", found.get(0).path("id").asText());

            JsonNode deadLetters = warren.http.get("/api/kafka/topics/" + topic + ".dlt/messages?group=inspect&max=10").json();
            assertEquals(Set.of("r-13", "r-33"), ids(deadLetters.path("items")), deadLetters.toString());
        } finally {
            warren.http.delete("/api/kafka/topics/" + topic);
            warren.http.delete("/api/kafka/topics/" + topic + ".dlt");
            warren.close();
        }
    }

    /** Pausing stops the consumers and is kept; resuming delivers what came meanwhile. */
    @Test
    void aPausedGroupStaysPausedAcrossARestartAndResumes() throws Exception {
        String topic = TestBroker.uniqueName("kafka-pause");
        RunningWarren warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers));
        try (TargetServer target = TargetServer.start()) {
            assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{}").status());
            assertEquals(200, warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 1,"
                    + " \"target\": {\"url\": \"" + target.url() + "\"}}").status());
            Http.Response paused = warren.http.post("/api/kafka/topics/" + topic + "/workers/pause");
            assertEquals(200, paused.status(), paused.body());
            assertEquals("paused", paused.json().path("state").asText());
            assertEquals(0, paused.json().path("consumers").asInt());
            assertEquals(202, warren.http.post("/api/kafka/topics/" + topic + "/messages", "{\"id\": \"p-1\", \"payload\": {}}").status());

            warren = warren.restart();
            assertEquals("paused", warren.http.get("/api/kafka/topics/" + topic + "/workers").json().path("state").asText());
            assertEquals(List.of(), target.requests(), "nothing delivered while paused");
            Http.Response resumed = warren.http.post("/api/kafka/topics/" + topic + "/workers/resume");
            assertEquals(200, resumed.status(), resumed.body());
            assertEquals("running", resumed.json().path("state").asText());
            await().atMost(Duration.ofSeconds(20)).until(() -> target.attemptsOf("p-1").size() == 1);
            assertEquals(404, warren.http.post("/api/kafka/topics/" + topic + "-none/workers/pause").status());
        } finally {
            warren.http.delete("/api/kafka/topics/" + topic);
            warren.http.delete("/api/kafka/topics/" + topic + ".dlt");
            warren.close();
        }
    }

    private static String payload(int n) {
        String kind = n % 20 == 13 ? "dead" : n % 20 == 7 ? "retry" : "ok";
        return "{\"n\": " + n + ", \"kind\": \"" + kind + "\", \"tag\": \"needle-" + n + "\"}";
    }

    /** Publishes as another client would, with warren's id header, while warren is down. */
    private static void publishDirectly(String topic, int from, int to) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int n = from; n < to; n++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, ("k" + n % 4).getBytes(StandardCharsets.UTF_8),
                        payload(n).getBytes(StandardCharsets.UTF_8));
                record.headers().add(KafkaMessages.ID, ("r-" + n).getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** The ids whose last delivery the target answered (2xx, or the 422 of a dead one). */
    private static Set<String> answered(TargetServer target) {
        return target.requests().stream().filter(r -> !(r.json().path("kind").asText().equals("retry") && r.attempt() == 1))
                .map(TargetServer.Request::webhookId).collect(Collectors.toSet());
    }

    private static Map<String, String> statuses(RunningWarren warren, String queue) {
        JsonNode items = warren.http.get("/api/jobs?queue=" + queue + "&limit=100").json().path("items");
        Map<String, String> statuses = new HashMap<>();
        items.forEach(job -> statuses.put(job.path("id").asText(), job.path("status").asText()));
        return statuses;
    }

    private static List<Integer> numbers(JsonNode items, String field) {
        return IntStream.range(0, items.size()).mapToObj(i -> items.get(i).path(field).asInt()).toList();
    }

    private static Set<String> ids(JsonNode items) {
        Set<String> ids = new java.util.HashSet<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
