package dev.warren.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.warren.support.WarrenCalls.atOnce;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances on one PostgreSQL schema run a Kafka worker group together: each its share of the consumers in the one
 * consumer group (Kafka splits the partitions), each message delivered once; a change through one reaches the other.
 */
class KafkaWorkerGroupOnTwoInstancesIT {

    private static final int MESSAGES = 30;

    private static long assignedMembers(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(5, TimeUnit.SECONDS);
        return description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }

    @Test
    void twoInstancesShareAGroupAndHearOfItsChanges() throws Exception {
        Map<String, String> properties = new HashMap<>(TestStore.postgres().freshSchema());
        properties.put("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers);
        String topic = TestBroker.uniqueName("kafka-two");
        try (TargetServer target = TargetServer.start();
             RunningWarren a = RunningWarren.start(properties);
             RunningWarren b = RunningWarren.start(properties)) {
            assertEquals(201, a.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 2}").status());
            Http.Response put = a.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 2,"
                    + " \"target\": {\"url\": \"" + target.url() + "\"}}");
            assertEquals(200, put.status(), put.body());
            for (RunningWarren instance : List.of(a, b)) {
                await("one consumer on each instance").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> workers(instance, topic), view -> view.path("count").asInt() == 2
                                && view.path("consumers").asInt() == 1 && view.path("state").asText().equals("running"));
            }

            // running is not yet assigned: wait until Kafka has given each instance's consumer a partition
            String consumerGroup = workers(a, topic).path("consumerGroup").asText();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.get().bootstrapServers))) {
                await("a partition for each consumer").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> assignedMembers(admin, consumerGroup) == 2);
            }

            StringBuilder batch = new StringBuilder("{\"messages\": [");
            for (int n = 0; n < MESSAGES; n++) {
                batch.append(n > 0 ? "," : "").append("{\"id\": \"t-").append(n).append("\", \"key\": \"k").append(n % 6)
                        .append("\", \"payload\": {\"n\": ").append(n).append("}}");
            }
            assertEquals(202, b.http.post("/api/kafka/topics/" + topic + "/messages/batch", batch + "]}").status());
            await().atMost(Duration.ofSeconds(30)).until(() -> target.countByWebhookId().size() == MESSAGES);
            assertEquals(Map.of(), target.duplicates(), "each message delivered once");
            // the target answered before the job's end was recorded
            JsonNode jobs = await().atMost(Duration.ofSeconds(10)).until(() -> a.http.get("/api/jobs?queue=kafka:" + topic
                    + "&status=finished&limit=100").json().path("items"), items -> items.size() == MESSAGES);
            // a consumer's thread is named after its Camel context: one per instance
            List<String> workers = new java.util.ArrayList<>();
            jobs.forEach(job -> workers.add(a.http.get("/api/jobs/" + job.path("id").asText()).json()
                    .path("attempts").path(0).path("worker").asText()));
            assertEquals(2, workers.stream().map(worker -> worker.replaceAll(" thread #\\d+.*", ""))
                    .collect(Collectors.toSet()).size(), "consumers of both instances delivered: " + workers);

            assertEquals(200, b.http.post("/api/kafka/topics/" + topic + "/workers/pause").status());
            await("the pause reaches the other instance").atMost(Duration.ofSeconds(10))
                    .until(() -> workers(a, topic), view -> view.path("state").asText().equals("paused")
                            && view.path("consumers").asInt() == 0);
            assertEquals(204, b.http.delete("/api/kafka/topics/" + topic + "/workers").status());
            await("the removal reaches the other instance").atMost(Duration.ofSeconds(10))
                    .until(() -> a.http.get("/api/kafka/topics/" + topic + "/workers").status() == 404);
            assertEquals(204, a.http.delete("/api/kafka/topics/" + topic).status());
            assertEquals(204, a.http.delete("/api/kafka/topics/" + topic + ".dlt").status());
        }
    }

    @Test
    void changesMadeAtOnceThroughTwoInstancesAllApplyAndADeletedGroupStaysDeleted() throws Exception {
        Map<String, String> properties = new HashMap<>(TestStore.postgres().freshSchema());
        properties.put("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers);
        String topic = TestBroker.uniqueName("kafka-two-race");
        String workers = "/api/kafka/topics/" + topic + "/workers";
        try (TargetServer target = TargetServer.start();
             RunningWarren a = RunningWarren.start(properties);
             RunningWarren b = RunningWarren.start(properties)) {
            assertEquals(201, a.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 4}").status());
            Http.Response put = a.http.put(workers, "{\"type\": \"http\", \"count\": 2, \"target\": {\"url\": \""
                    + target.url() + "\"}}");
            assertEquals(200, put.status(), put.body());
            await("the group on B").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> workers(b, topic).path("count").asInt() == 2);

            List<Integer> counts = List.of(3, 4, 5, 6);
            List<java.util.concurrent.Callable<Http.Response>> changes = new java.util.ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                RunningWarren through = i % 2 == 0 ? a : b;
                String body = "{\"count\":" + counts.get(i) + "}";
                changes.add(() -> through.http.post(workers + "/scale", body));
            }
            changes.add(() -> b.http.post(workers + "/pause"));
            for (Http.Response answer : atOnce(changes)) {
                assertEquals(200, answer.status(), answer.body());
            }
            await("both instances paused, with no consumer, at one count").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        JsonNode seenByA = workers(a, topic);
                        JsonNode seenByB = workers(b, topic);
                        return pausedWithoutConsumers(seenByA) && pausedWithoutConsumers(seenByB)
                                && seenByA.path("count").asInt() == seenByB.path("count").asInt();
                    });
            int count = workers(a, topic).path("count").asInt();
            assertTrue(counts.contains(count), "the count is one of the scales " + counts + ": " + count);

            changes = new java.util.ArrayList<>();
            changes.add(() -> a.http.delete(workers));
            for (int n = 1; n <= 3; n++) {
                String body = "{\"count\":" + n + "}";
                changes.add(() -> b.http.post(workers + "/scale", body));
            }
            List<Http.Response> answers = atOnce(changes);
            assertEquals(204, answers.get(0).status(), answers.get(0).body());
            answers.subList(1, answers.size()).forEach(answer ->
                    assertTrue(answer.status() == 200 || answer.status() == 404, answer.status() + " " + answer.body()));
            assertEquals(404, b.http.post(workers + "/scale", "{\"count\":2}").status(), "a later scale finds no group");
            await("no group on either instance").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.http.get(workers).status() == 404 && b.http.get(workers).status() == 404);
            assertEquals(204, a.http.delete("/api/kafka/topics/" + topic).status());
            a.http.delete("/api/kafka/topics/" + topic + ".dlt");
        }
    }

    private static boolean pausedWithoutConsumers(JsonNode view) {
        return view.path("state").asText().equals("paused") && view.path("consumers").asInt() == 0;
    }

    private static JsonNode workers(RunningWarren instance, String topic) {
        return instance.http.get("/api/kafka/topics/" + topic + "/workers").json();
    }
}
