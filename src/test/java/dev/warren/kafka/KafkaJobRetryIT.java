package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failed job of a Kafka worker group is retried through /api/jobs: its record goes to the topic again (value, key,
 * headers, same id, acknowledged by the cluster), the group delivers it as the job's next generation and the job ends.
 */
class KafkaJobRetryIT {

    @Test
    void aDeadLetteredKafkaJobIsRetriedThroughTheApiOnceTheTargetIsFixed() throws Exception {
        String topic = TestBroker.uniqueName("kafka-retry");
        AtomicBoolean broken = new AtomicBoolean(true);
        try (RunningWarren warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers));
             TargetServer target = TargetServer.start(request -> broken.get() ? TargetServer.Answer.status(422)
                     : TargetServer.Answer.ok().withBody("{\"done\": true}"))) {
            try {
                assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 1}").status());
                Http.Response group = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\","
                        + " \"count\": 1, \"target\": {\"url\": \"" + target.url() + "\"}}");
                assertEquals(200, group.status(), group.body());
                assertEquals(202, warren.http.post("/api/kafka/topics/" + topic + "/messages", "{\"id\": \"kr-1\","
                        + " \"key\": \"customer-7\", \"headers\": {\"x-tenant\": \"acme\"}, \"payload\": {\"n\": 1}}").status());
                await().atMost(Duration.ofSeconds(20)).until(() -> status(warren, "kr-1").equals("failed"));
                assertEquals(409, warren.http.post("/api/jobs/kr-1/cancel").status(), "a failed job is not cancelled");

                broken.set(false);
                Http.Response retried = warren.http.post("/api/jobs/kr-1/retry");
                assertEquals(202, retried.status(), retried.body());
                assertEquals("/api/jobs/kr-1", retried.header("Location"));

                JsonNode job = await().atMost(Duration.ofSeconds(20)).until(() -> warren.http.get("/api/jobs/kr-1").json(),
                        j -> j.path("status").asText().equals("finished"));
                assertEquals(List.of(422, 200), numbers(job.path("attempts"), "httpStatus"), job.toString());
                assertEquals("kafka:" + topic, job.path("queue").asText());
                assertEquals(2, target.attemptsOf("kr-1").size(), "the target got it again");
                assertEquals(1, target.attemptsOf("kr-1").get(1).json().path("n").asInt());

                JsonNode records = warren.http.get("/api/kafka/topics/" + topic + "/messages?group=inspect&max=10").json()
                        .path("items");
                assertEquals(2, records.size(), records.toString());
                JsonNode again = records.get(1);
                assertEquals("kr-1", again.path("id").asText(), again.toString());
                assertEquals("customer-7", again.path("key").asText(), again.toString());
                assertEquals("acme", again.path("headers").path("x-tenant").asText(), again.toString());
                assertEquals(1, again.path("payload").path("n").asInt(), again.toString());

                assertEquals(409, warren.http.post("/api/jobs/kr-1/retry").status(), "a finished job is not retried");
                JsonNode bulk = warren.http.post("/api/jobs/retry", "{\"ids\": [\"kr-1\"]}").json();
                assertEquals(409, bulk.path("items").get(0).path("status").asInt(), bulk.toString());
            } finally {
                warren.http.delete("/api/kafka/topics/" + topic);
                warren.http.delete("/api/kafka/topics/" + topic + ".dlt");
            }
        }
    }

    private static String status(RunningWarren warren, String id) {
        Http.Response job = warren.http.get("/api/jobs/" + id);
        return job.status() == 200 ? job.json().path("status").asText() : "absent";
    }

    private static List<Integer> numbers(JsonNode items, String field) {
        return IntStream.range(0, items.size()).mapToObj(i -> items.get(i).path(field).asInt()).toList();
    }
}
