package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.LogCapture;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import dev.warren.support.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * warren on a Kafka broker that asks for credentials (support/TestKafka.secured()): SASL_SSL with SCRAM-SHA-512 and
 * SASL_PLAINTEXT with PLAIN, mutual TLS with a key store, the JAAS line and the store passwords from files; its admin
 * client, producer, pulls and worker groups all sign in. With a wrong password warren is not ready and answers 503, and no response nor log
 * line shows the password or the JAAS line.
 */
class KafkaSecuredIT {

    private static final String WRONG_PASSWORD = "wrong-kafka-secret-" + java.util.UUID.randomUUID();
    /** A pull returns once the first messages came: a long wait only covers joining the group on a busy machine. */
    private static final String PULL_WAIT_MS = "15000";
    private static LogCapture logs;
    private static TestKafka kafka;
    private static TargetServer target;
    private static final List<Http.Response> answers = new ArrayList<>();

    @BeforeAll
    static void start() {
        logs = LogCapture.open();
        kafka = TestKafka.secured();
        target = TargetServer.start();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void saslSslWithScramSha512FromFilesCreatesPublishesPullsAndDelivers() throws Exception {
        Map<String, String> properties = trusting(settings(kafka.security().saslSslServers(), "SASL_SSL"));
        properties.put("warren.kafka.sasl-mechanism", "SCRAM-SHA-512");
        properties.put("warren.kafka.sasl-jaas-config-file",
                secretFile(TestKafka.Secured.jaas("SCRAM-SHA-512", TestKafka.Secured.PASSWORD)));
        try (RunningWarren warren = RunningWarren.start(properties)) {
            roundTrip(warren, "kafka-sasl-ssl");
        }
        assertNoSecretShown();
    }

    @Test
    void saslPlaintextWithPlainWorksAndAWrongPasswordIsNotReadyAnswers503AndIsNeverShown() throws Exception {
        String store = "jdbc:h2:file:" + Files.createTempDirectory("warren-store") + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Map<String, String> properties = settings(kafka.security().saslPlaintextServers(), "SASL_PLAINTEXT");
        properties.put("warren.store.url", store);
        properties.put("warren.kafka.sasl-mechanism", "PLAIN");
        properties.put("warren.kafka.sasl-jaas-config-file", secretFile(TestKafka.Secured.jaas("PLAIN", TestKafka.Secured.PASSWORD)));
        properties.put("warren.kafka.delivery-timeout-ms", "2000");
        String topic;
        try (RunningWarren warren = RunningWarren.start(properties)) {
            topic = roundTrip(warren, "kafka-sasl-plain");
        }

        // the same store: the worker group is restored, its camel-kafka consumer signing in with the wrong password
        properties.put("warren.kafka.sasl-jaas-config-file", secretFile(TestKafka.Secured.jaas("PLAIN", WRONG_PASSWORD)));
        try (RunningWarren wrong = RunningWarren.start(properties)) {
            assertKafkaDown(wrong);
            Http.Response published = record(wrong.http.post("/api/kafka/topics/" + topic + "/messages", "{\"payload\": 1}"));
            assertEquals(503, published.status(), published.body());
            assertEquals("application/problem+json", published.contentType());
            assertTrue(published.body().contains("credentials") || published.body().contains("Authentication"),
                    published.body());
            Http.Response described = record(wrong.http.get("/api/kafka/topics/" + topic));
            assertEquals(503, described.status(), described.body());
            Http.Response pulled = record(wrong.http.get("/api/kafka/topics/" + topic + "/messages?group=wrong"));
            assertEquals(503, pulled.status(), pulled.body());
            record(wrong.http.get("/api/kafka/topics/" + topic + "/workers"));
            await("the worker group's consumer was refused").atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                    .anyMatch(line -> line.contains("warren-workers." + topic) && line.toLowerCase().contains("authentication")));
        }
        assertNoSecretShown();
    }

    @Test
    void mutualTlsWithAKeyStoreChecksTheBrokersHostNameUnlessTurnedOff() throws Exception {
        Map<String, String> properties = trusting(settings(kafka.security().mutualTlsServers(), "SSL"));
        properties.put("warren.kafka.ssl-keystore-location", kafka.security().clientKeystore.toString());
        properties.put("warren.kafka.ssl-keystore-type", "PKCS12");
        properties.put("warren.kafka.ssl-keystore-password-file", secretFile(TestPki.KEYSTORE_PASSWORD));
        properties.put("warren.kafka.ssl-key-password-file", secretFile(TestPki.KEYSTORE_PASSWORD));
        // the broker's certificate names kafka.elsewhere.invalid, not 127.0.0.1: checked by default, so refused
        try (RunningWarren checking = RunningWarren.start(properties)) {
            assertKafkaDown(checking);
        }
        properties.put("warren.kafka.ssl-endpoint-identification-algorithm", "none");
        try (RunningWarren warren = RunningWarren.start(properties)) {
            roundTrip(warren, "kafka-mtls");
        }
        assertNoSecretShown();
    }

    /** Kafka at these servers with this protocol, answering a refusal within 2 s. */
    private static Map<String, String> settings(String servers, String protocol) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("warren.kafka.bootstrap-servers", servers);
        properties.put("warren.kafka.security-protocol", protocol);
        properties.put("warren.kafka.request-timeout-ms", "2000");
        properties.put("warren.kafka.pull-wait-ms", PULL_WAIT_MS);
        return properties;
    }

    /** Trusting the test CA through the PKCS12 trust store, its password from a file. */
    private static Map<String, String> trusting(Map<String, String> properties) throws Exception {
        properties.put("warren.kafka.ssl-truststore-location", kafka.security().truststore.toString());
        properties.put("warren.kafka.ssl-truststore-type", "PKCS12");
        properties.put("warren.kafka.ssl-truststore-password-file", secretFile(TestKafka.Secured.TRUSTSTORE_PASSWORD));
        return properties;
    }

    private static void assertKafkaDown(RunningWarren warren) {
        await("warren-kafka is DOWN").atMost(Duration.ofSeconds(20)).until(() -> {
            Http.Response ready = record(warren.http.get("/observe/health?exposureLevel=full"));
            return ready.status() == 503 && checkStatus(ready.json(), "warren-kafka").equals("DOWN");
        });
        assertEquals("UP", checkStatus(record(warren.http.get("/observe/health?exposureLevel=full")).json(),
                "warren-broker"), "only Kafka is down");
    }

    private static String checkStatus(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check.path("status").asText();
            }
        }
        return "missing";
    }

    /** Topic created and described, messages published (202 once acknowledged) and pulled back, and delivered by a group. */
    private static String roundTrip(RunningWarren warren, String prefix) {
        Http.Response ready = record(warren.http.withoutKey().get("/observe/health/ready"));
        assertEquals(200, ready.status(), ready.body());
        assertEquals("UP", ready.json().path("status").asText(), ready.body());

        String topic = TestBroker.uniqueName(prefix);
        Http.Response created = record(warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 2}"));
        assertEquals(201, created.status(), created.body());
        for (int n = 1; n <= 3; n++) {
            Http.Response published = record(warren.http.post("/api/kafka/topics/" + topic + "/messages",
                    "{\"id\": \"" + prefix + "-" + n + "\", \"key\": \"k\", \"payload\": {\"n\": " + n + "}}"));
            assertEquals(202, published.status(), published.body());
            assertTrue(published.json().path("messages").get(0).path("offset").asLong() >= 0, published.body());
        }
        Http.Response pulled = record(warren.http.get("/api/kafka/topics/" + topic + "/messages?group=readers&max=10"));
        assertEquals(200, pulled.status(), pulled.body());
        assertEquals(List.of("1", "2", "3"), pulled.json().path("items").findValues("n").stream().map(JsonNode::asText).toList(),
                pulled.body());

        Http.Response group = record(warren.http.put("/api/kafka/topics/" + topic + "/workers",
                "{\"type\": \"http\", \"count\": 1, \"target\": {\"url\": \"" + target.url("/" + prefix) + "\"}}"));
        assertEquals(200, group.status(), group.body());
        await("the group delivered the three messages").atMost(Duration.ofSeconds(30)).until(() -> delivered(prefix).size() == 3);
        assertEquals(Set.of(prefix + "-1", prefix + "-2", prefix + "-3"), delivered(prefix));

        await("the group committed what it delivered").atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode view = record(warren.http.get("/api/kafka/topics/" + topic)).json();
            return view.path("consumerGroups").findValues("group").stream().anyMatch(g -> g.asText().equals("readers"))
                    && lag(view, KafkaNames.workerGroup(topic)) == 0;
        });
        JsonNode view = record(warren.http.get("/api/kafka/topics/" + topic)).json();
        assertEquals(3, view.path("partitions").findValues("endOffset").stream().mapToLong(JsonNode::asLong).sum(), view.toString());
        assertEquals(0, lag(view, "readers"), view.toString());
        return topic;
    }

    private static long lag(JsonNode view, String group) {
        for (JsonNode entry : view.path("consumerGroups")) {
            if (entry.path("group").asText().equals(group)) {
                return entry.path("lag").asLong();
            }
        }
        return -1;
    }

    private static Set<String> delivered(String prefix) {
        Set<String> ids = new TreeSet<>();
        target.requests().stream().filter(request -> request.path().equals("/" + prefix))
                .forEach(request -> ids.add(request.webhookId()));
        return ids;
    }

    private static Http.Response record(Http.Response response) {
        synchronized (answers) {
            answers.add(response);
        }
        return response;
    }

    private static String secretFile(String content) throws Exception {
        Path file = Files.createTempFile("warren-kafka-secret", ".txt");
        Files.writeString(file, content + "\n");
        file.toFile().deleteOnExit();
        return file.toString();
    }

    private static void assertNoSecretShown() {
        List<String> secrets = List.of(TestKafka.Secured.PASSWORD, WRONG_PASSWORD, TestKafka.Secured.TRUSTSTORE_PASSWORD,
                TestPki.KEYSTORE_PASSWORD, "required username=");
        List<String> lines = logs.lines();
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().anyMatch(line -> line.contains(" = [hidden]")),
                "Kafka's clients logged their settings, hiding the secret ones");
        for (String secret : secrets) {
            lines.stream().filter(line -> line.contains(secret)).findFirst()
                    .ifPresent(line -> org.junit.jupiter.api.Assertions.fail("a log line shows a secret: " + line));
            synchronized (answers) {
                answers.stream().filter(answer -> answer.body() != null && answer.body().contains(secret)).findFirst()
                        .ifPresent(answer -> org.junit.jupiter.api.Assertions.fail("a response shows a secret: " + answer.body()));
            }
        }
    }
}
