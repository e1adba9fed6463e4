package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker group on a Kafka topic delivers to a real HTTP target, retries, dead-letters and commits only what it settled. */
class KafkaWorkerGroupIT {

    private static final int MESSAGES = 1000;
    private static RunningWarren warren;
    private static TargetServer target;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers));
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            target.close();
        }
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void aGroupDeliversEveryMessageInPartitionOrderWithOneRetryAndOneDeadLetterAndSurvivesARestart() {
        String topic = TestBroker.uniqueName("kafka-workers");
        Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        target = TargetServer.start(request -> {
            String kind = request.json().path("kind").asText();
            if (kind.equals("dead")) {
                return TargetServer.Answer.status(422);
            }
            if (kind.equals("retry") && failedOnce.add(request.webhookId())) {
                return TargetServer.Answer.status(503);
            }
            return TargetServer.Answer.ok();
        });
        assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 4}").status());
        Http.Response group = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 2, "
                + "\"target\": {\"url\": \"" + target.url() + "\"}, \"retry\": {\"maxAttempts\": 3, \"backoffMs\": 200}}");
        assertEquals(200, group.status(), group.body());
        assertEquals(2, group.json().path("consumers").asInt(), group.body());
        assertTrue(group.json().path("note").isNull(), group.body());

        publish(topic, 0, MESSAGES / 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered().size() >= 200);
        JsonNode stopped = scale(topic, 0);
        assertEquals(0, stopped.path("consumers").asInt(), stopped.toString());
        Set<String> deliveredBeforeRestart = delivered();
        long committed = committedOffsets(topic);
        assertTrue(committed <= deliveredBeforeRestart.size() + 1,
                "every committed message was settled: " + committed + " committed, " + deliveredBeforeRestart.size() + " delivered");

        publish(topic, MESSAGES / 2, MESSAGES);
        JsonNode restarted = scale(topic, 6);
        assertEquals(4, restarted.path("consumers").asInt(), restarted.toString());
        assertTrue(restarted.path("note").asText().contains("partitions"), restarted.toString());

        await().atMost(Duration.ofSeconds(90)).until(() -> delivered().size() == MESSAGES - 1);
        assertEquals(Set.of("m-7"), failedOnce, "the one message that failed once");
        assertEquals(2, target.attemptsOf("m-7").size(), "retried once");
        assertEquals(1, target.attemptsOf("m-13").size(), "a 422 is not retried");

        // per key (one partition each), the deliveries came in the order published
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (TargetServer.Request request : target.requests()) {
            if (request.attempt() == 1) {
                byKey.computeIfAbsent(request.json().path("key").asText(), k -> new ArrayList<>()).add(request.json().path("n").asInt());
            }
        }
        byKey.forEach((key, numbers) -> assertEquals(numbers.stream().sorted().toList(), numbers, "key " + key));

        JsonNode deadLetters = warren.http.get("/api/kafka/topics/" + topic + ".dlt/messages?group=inspect&max=10").json();
        assertEquals(1, deadLetters.path("items").size(), deadLetters.toString());
        JsonNode dead = deadLetters.path("items").get(0);
        assertEquals("m-13", dead.path("id").asText());
        assertTrue(dead.path("headers").path("x-warren-error").asText().contains("422"), dead.toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> lag(topic) == 0);
        JsonNode view = warren.http.get("/api/kafka/topics/" + topic).json();
        assertEquals(4, view.path("workers").path("consumers").asInt(), view.toString());
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic + ".dlt").status());
    }

    @Test
    void anHttpGroupNeedsATargetAndAnExistingTopic() {
        String topic = TestBroker.uniqueName("kafka-nogroup");
        assertEquals(404, warren.http.put("/api/kafka/topics/" + topic + "/workers",
                "{\"type\": \"http\", \"count\": 1, \"target\": {\"url\": \"http://127.0.0.1:9/\"}}").status());
        assertEquals(400, warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 1}").status(),
                "type http needs a target");
        assertEquals(400, warren.http.put("/api/kafka/topics/%7B%7Bx%7D%7D/workers",
                "{\"type\": \"http\", \"count\": 1, \"target\": {\"url\": \"http://127.0.0.1:9/\"}}").status());
        assertEquals(404, warren.http.get("/api/kafka/topics/" + topic + "/workers").status());
    }

    @Test
    void resumingOrScalingARunningGroupToWhatItRunsLeavesItsConsumersInTheGroup() throws Exception {
        String topic = TestBroker.uniqueName("kafka-same");
        try (TargetServer quiet = TargetServer.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers))) {
            assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 2}").status());
            assertEquals(200, warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 2, "
                    + "\"target\": {\"url\": \"" + quiet.url() + "\"}}").status());
            String consumerGroup = warren.http.get("/api/kafka/topics/" + topic + "/workers").json().path("consumerGroup").asText();
            await("both consumers assigned a partition").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> members(admin, consumerGroup).size() == 2);
            Set<String> before = members(admin, consumerGroup);

            Http.Response resumed = warren.http.post("/api/kafka/topics/" + topic + "/workers/resume", "");
            assertEquals(200, resumed.status(), resumed.body());
            assertEquals(2, scale(topic, 2).path("consumers").asInt());

            // a restart would show new members (and a rebalance with none assigned) within this time
            await("the members stay those of before").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).until(() -> members(admin, consumerGroup).equals(before));
            assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
            assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic + ".dlt").status());
        }
    }

    /** The ids of the consumer group's members that were assigned a partition. */
    private static Set<String> members(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(5, TimeUnit.SECONDS);
        return description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
                .map(MemberDescription::consumerId).collect(Collectors.toSet());
    }

    private static void publish(String topic, int from, int to) {
        StringBuilder batch = new StringBuilder("{\"messages\": [");
        for (int n = from; n < to; n++) {
            String kind = n == 7 ? "retry" : n == 13 ? "dead" : "ok";
            String key = "k" + (n % 10);
            batch.append(n > from ? "," : "").append("{\"id\": \"m-").append(n).append("\", \"key\": \"").append(key)
                    .append("\", \"payload\": {\"n\": ").append(n).append(", \"key\": \"").append(key)
                    .append("\", \"kind\": \"").append(kind).append("\"}}");
        }
        Http.Response answer = warren.http.post("/api/kafka/topics/" + topic + "/messages/batch", batch + "]}");
        assertEquals(202, answer.status(), answer.body());
    }

    /** The ids the target answered 2xx. */
    private static Set<String> delivered() {
        Set<String> failed = new HashSet<>(Set.of("m-13"));
        return target.requests().stream().map(TargetServer.Request::webhookId)
                .filter(id -> !failed.contains(id)).collect(Collectors.toCollection(HashSet::new));
    }

    private static JsonNode scale(String topic, int count) {
        Http.Response answer = warren.http.post("/api/kafka/topics/" + topic + "/workers/scale", "{\"count\": " + count + "}");
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private static JsonNode workerGroupLag(String topic) {
        for (JsonNode group : warren.http.get("/api/kafka/topics/" + topic).json().path("consumerGroups")) {
            if (group.path("group").asText().equals(KafkaNames.workerGroup(topic))) {
                return group;
            }
        }
        return null;
    }

    private static long committedOffsets(String topic) {
        JsonNode group = workerGroupLag(topic);
        return group == null ? 0 : group.path("partitions").findValues("committedOffset").stream().mapToLong(JsonNode::asLong).sum();
    }

    private static long lag(String topic) {
        JsonNode group = workerGroupLag(topic);
        return group == null ? -1 : group.path("lag").asLong();
    }
}
