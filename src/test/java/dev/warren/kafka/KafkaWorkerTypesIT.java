package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka worker groups run the worker types of routes/ (written for queues): log and scraper, with their parameters. */
class KafkaWorkerTypesIT {

    private static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers,
                "warren.delivery.scraper-allow-port", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void aLogGroupIsRefusedATargetItWouldNeverUse() {
        String topic = TestBroker.uniqueName("kafka-log-target");
        createTopic(topic, 1);
        Http.Response refused = warren.http.put("/api/kafka/topics/" + topic + "/workers",
                "{\"type\": \"log\", \"count\": 1, \"target\": {\"url\": \"http://127.0.0.1:9/never\"}}");
        dev.warren.support.Problems.assertInvalid(refused, "target");
        assertTrue(refused.body().contains("type log takes no target"), refused.body());
        assertEquals(404, warren.http.get("/api/kafka/topics/" + topic + "/workers").status(), "no group was made");
    }

    @Test
    void aLogGroupSettlesEveryMessageWithoutATarget() {
        String topic = TestBroker.uniqueName("kafka-log");
        createTopic(topic, 2);
        Http.Response group = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"log\", \"count\": 2}");
        assertEquals(200, group.status(), group.body());
        assertEquals("log", group.json().path("type").asText(), group.body());

        StringBuilder batch = new StringBuilder("{\"messages\": [");
        for (int n = 0; n < 50; n++) {
            batch.append(n > 0 ? "," : "").append("{\"id\": \"").append(topic).append("-").append(n)
                    .append("\", \"payload\": {\"n\": ").append(n).append("}}");
        }
        assertEquals(202, warren.http.post("/api/kafka/topics/" + topic + "/messages/batch", batch + "]}").status());

        await("every message's job finished").atMost(Duration.ofSeconds(60)).until(() ->
                finished(topic) == 50);
        JsonNode job = warren.http.get("/api/jobs/" + topic + "-7").json();
        assertEquals("kafka:" + topic, job.path("queue").asText(), job.toString());
        assertEquals(1, job.path("attempts").size(), job.toString());
        await("the group's offsets committed").atMost(Duration.ofSeconds(30)).until(() -> lag(topic) == 0);
        delete(topic);
    }

    @Test
    void aScraperGroupFetchesEachDomainAndReportsToItsTargetOr422sAHostileOne() {
        String topic = TestBroker.uniqueName("kafka-scraper");
        try (TargetServer site = TargetServer.start(request -> TargetServer.Answer.ok().withBody("<html>hello</html>"));
             TargetServer reports = TargetServer.start()) {
            createTopic(topic, 1);
            Http.Response bad = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"scraper\", \"count\": 1,"
                    + " \"target\": {\"url\": \"" + reports.url("/reports") + "\"}, \"parameters\": {\"scheme\": \"{{x}}\"}}");
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.body().contains("parameters.scheme"), bad.body());
            Http.Response group = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"scraper\", \"count\": 1,"
                    + " \"target\": {\"url\": \"" + reports.url("/reports") + "\"}, \"parameters\": {\"scheme\": \"http\"},"
                    + " \"retry\": {\"maxAttempts\": 2, \"backoffMs\": 100}}");
            assertEquals(200, group.status(), group.body());

            String host = site.url("").substring("http://".length()).replaceAll("/$", "");
            publish(topic, topic + "-good", "{\"domain_name\": \"" + host + "\"}");
            publish(topic, topic + "-hostile", "{\"domain_name\": \"" + host + "/?x={{warren.store.password}}\"}");

            JsonNode good = awaitJob(topic + "-good", "finished");
            assertEquals(1, good.path("attempts").size(), good.toString());
            assertEquals(1, reports.requests().size(), "one summary reported: " + reports.requests());
            TargetServer.Request report = reports.requests().get(0);
            assertEquals(host, report.json().path("domain").asText(), report.body());
            assertEquals("200", report.json().path("status").asText(), report.body());
            assertEquals(topic + "-good", report.webhookId());
            assertEquals(topic, report.header("X-Warren-Topic"));

            JsonNode hostile = awaitJob(topic + "-hostile", "failed");
            assertEquals(422, hostile.path("attempts").get(0).path("httpStatus").asInt(), hostile.toString());
            assertEquals(1, site.requests().size(), "only the good domain was fetched: " + site.requests());
            assertEquals("/", site.requests().get(0).path());
            await("the hostile one dead-lettered").atMost(Duration.ofSeconds(20)).until(() -> warren.http
                    .get("/api/kafka/topics/" + topic + ".dlt/messages?group=inspect&max=10").json().path("items").size() == 1);
            delete(topic);
        }
    }

    @Test
    void unknownTypesAndTypesMissingTheirTargetAre400s() {
        String topic = TestBroker.uniqueName("kafka-types");
        createTopic(topic, 1);
        Http.Response unknown = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"nope\", \"count\": 1}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("unknown worker type"), unknown.body());
        Http.Response noTarget = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 1}");
        assertEquals(400, noTarget.status(), noTarget.body());
        Http.Response notDeclared = warren.http.put("/api/kafka/topics/" + topic + "/workers",
                "{\"type\": \"log\", \"count\": 1, \"parameters\": {\"queue\": \"other\"}}");
        assertEquals(400, notDeclared.status(), notDeclared.body());
        assertEquals(404, warren.http.get("/api/kafka/topics/" + topic + "/workers").status(), "nothing was stored");
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
    }

    private static void createTopic(String topic, int partitions) {
        Http.Response created = warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": " + partitions + "}");
        assertEquals(201, created.status(), created.body());
    }

    private static void publish(String topic, String id, String payload) {
        Http.Response answer = warren.http.post("/api/kafka/topics/" + topic + "/messages",
                "{\"id\": \"" + id + "\", \"payload\": " + payload + "}");
        assertEquals(202, answer.status(), answer.body());
    }

    private static JsonNode awaitJob(String id, String status) {
        return await("job " + id + " " + status).atMost(Duration.ofSeconds(30)).until(
                () -> warren.http.get("/api/jobs/" + id).json(), job -> job != null && status.equals(job.path("status").asText()));
    }

    private static long finished(String topic) {
        JsonNode jobs = warren.http.get("/api/jobs?queue=kafka:" + topic + "&status=finished&limit=1000").json().path("items");
        return jobs.size();
    }

    private static long lag(String topic) {
        for (JsonNode group : warren.http.get("/api/kafka/topics/" + topic).json().path("consumerGroups")) {
            if (group.path("group").asText().equals(KafkaNames.workerGroup(topic))) {
                return group.path("lag").asLong();
            }
        }
        return -1;
    }

    private static void delete(String topic) {
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic + "/workers").status());
        assertEquals(204, warren.http.delete("/api/kafka/topics/" + topic).status());
        warren.http.delete("/api/kafka/topics/" + topic + ".dlt");
    }
}
