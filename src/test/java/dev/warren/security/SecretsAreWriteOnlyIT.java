package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.LogCapture;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * warren run with known secrets (broker password, store password, signing secret, a target's header value, password
 * and token in its URL) through start-up, group creation, deliveries and failures: no secret in any answer of the API,
 * of /observe or of any MBean Jolokia reads, nor in any log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAreWriteOnlyIT {

    private static final String RABBIT_USER = "warren-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String RABBIT_PASSWORD = "RabbitPw" + secret();
    private static final String STORE_PASSWORD = "StorePw" + secret();
    private static final String SIGNING_KEY = Base64.getEncoder().encodeToString(("SignKey" + secret()).getBytes());
    private static final String HEADER_VALUE = "HeaderTok" + secret();
    private static final String URL_PASSWORD = "UrlPw" + secret();
    private static final String URL_TOKEN = "QueryTok" + secret();

    private static LogCapture logs;
    private static RunningWarren warren;
    private static TargetServer target;
    private static String delivered;
    private static String failing;
    private static final List<String> jobIds = new ArrayList<>();
    private static final String KAFKA_TOPIC = TestBroker.uniqueName("secret-kafka");

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Map<String, String> secrets() {
        return Map.of("broker password", RABBIT_PASSWORD, "store password", STORE_PASSWORD, "signing secret", SIGNING_KEY,
                "target header value", HEADER_VALUE, "target URL password", URL_PASSWORD, "target URL token", URL_TOKEN);
    }

    @BeforeAll
    static void runWarrenWithSecrets() throws Exception {
        logs = LogCapture.open();
        TestBroker broker = TestBroker.get();
        broker.addUser(RABBIT_USER, RABBIT_PASSWORD);
        URI amqp = URI.create(broker.amqpUri);
        URI management = URI.create(broker.managementUri);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("warren.rabbitmq.uri", "amqp://" + RABBIT_USER + ":" + RABBIT_PASSWORD + "@" + amqp.getHost() + ":" + amqp.getPort());
        properties.put("warren.rabbitmq.management-uri", "http://" + RABBIT_USER + ":" + RABBIT_PASSWORD + "@"
                + management.getHost() + ":" + management.getPort());
        properties.put("warren.store.password", STORE_PASSWORD);
        properties.put("warren.delivery.signing-secret", "whsec_" + SIGNING_KEY);
        // the target policy refuses user:password@ at PUT by default; this test needs such a URL to reach the client
        properties.put("warren.delivery.allow-userinfo", "true");
        properties.put("warren.kafka.bootstrap-servers", dev.warren.support.TestKafka.get().bootstrapServers);
        warren = RunningWarren.start(properties);
        target = TargetServer.start(request -> request.path().startsWith("/fail")
                ? TargetServer.Answer.status(500) : TargetServer.Answer.ok());

        delivered = declaredQueue(warren, "secret-ok");
        failing = declaredQueue(warren, "secret-fail");
        putGroup(warren, delivered, group(target.url("/hook")));
        // the HTTP client refuses userinfo: this group's deliveries fail, with the URL in the client's error
        putGroup(warren, failing, group(target.url("/fail").replace("http://", "http://user:" + URL_PASSWORD + "@")));
        for (String queue : List.of(delivered, failing)) {
            jobIds.add(publish(warren, queue, Map.of("n", 1)));
        }
        assertEquals(201, warren.http.put("/api/kafka/topics/" + KAFKA_TOPIC, "{\"partitions\": 1}").status());
        Http.Response kafkaGroup = warren.http.put("/api/kafka/topics/" + KAFKA_TOPIC + "/workers",
                Http.json(group(target.url("/kafka"))));
        assertEquals(200, kafkaGroup.status(), "a Kafka worker group with the same target secrets");
        assertNoSecret("the Kafka group's PUT answer", kafkaGroup.body());
        await("the target got the task").atMost(Duration.ofSeconds(30)).until(() -> !target.requests().isEmpty());
        await("each task is finished or failed").atMost(Duration.ofSeconds(30)).until(() -> jobIds.stream()
                .allMatch(id -> List.of("finished", "failed").contains(warren.http.get("/api/jobs/" + id).text("status"))));
        // a refused PUT that names the secrets
        warren.http.put("/api/queues/" + failing + "/workers", Http.json(Map.of("type", "http", "count", 1,
                "target", Map.of("url", "ftp://u:" + URL_PASSWORD + "@h/?token=" + URL_TOKEN))));
    }

    private static Map<String, Object> group(String url) {
        String withSecrets = url + "?token=" + URL_TOKEN + "&page=1";
        return Map.of("type", "http", "count", 1, "retry", Map.of("maxAttempts", 1),
                "target", Map.of("url", withSecrets, "headers", Map.of("Authorization", HEADER_VALUE)));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (warren != null) {
                TestBroker.get().deleteQueues(delivered, failing);
                warren.http.delete("/api/kafka/topics/" + KAFKA_TOPIC);
                warren.close();
            }
            if (target != null) {
                target.close();
            }
        } finally {
            logs.close();
            TestBroker.get().deleteUser(RABBIT_USER);
        }
    }

    @Test
    @Order(1)
    void theTargetGotItsSecretsSoTheyWereReallyInUse() {
        assertTrue(target.requests().stream().anyMatch(r -> HEADER_VALUE.equals(r.header("Authorization"))),
                "the header went out: " + target.requests());
        assertTrue(target.requests().stream().anyMatch(r -> r.query() != null && r.query().contains(URL_TOKEN)),
                "the token went out: " + target.requests());
    }

    @Test
    @Order(2)
    void viewsShowHeaderNamesAndMaskedValuesAndUrlsWithoutCredentials() {
        JsonNode view = warren.http.get("/api/queues/" + delivered + "/workers").json();
        assertEquals("***", view.path("target").path("headers").path("Authorization").asText(), view.toString());
        String url = view.path("target").path("url").asText();
        assertTrue(url.startsWith("http://127.0.0.1:") && url.endsWith("/hook?token=***&page=1"), url);
        String failingUrl = warren.http.get("/api/queues/" + failing + "/workers").json().path("target").path("url").asText();
        assertTrue(failingUrl.startsWith("http://***@127.0.0.1:") && failingUrl.endsWith("/fail?token=***&page=1"), failingUrl);
        JsonNode kafka = warren.http.get("/api/kafka/topics/" + KAFKA_TOPIC + "/workers").json();
        assertEquals("***", kafka.path("target").path("headers").path("Authorization").asText(), kafka.toString());
        assertTrue(kafka.path("target").path("url").asText().endsWith("/kafka?token=***&page=1"), kafka.toString());
    }

    @Test
    @Order(3)
    void noAnswerOfTheApiOrOfObserveShowsASecret() {
        List<String> paths = new ArrayList<>(List.of("/api/queues", "/api/workers", "/queue/workers", "/api/jobs",
                "/api/connections", "/api/consumers", "/observe/info", "/observe/health?exposureLevel=full",
                "/observe/metrics", "/api/openapi.json", "/api/worker-types", "/api/kafka/topics",
                "/api/kafka/topics/" + KAFKA_TOPIC, "/api/kafka/topics/" + KAFKA_TOPIC + "/workers"));
        for (String queue : List.of(delivered, failing)) {
            paths.addAll(List.of("/api/queues/" + queue, "/api/queues/" + queue + "/workers", "/queue/workers/" + queue,
                    "/api/queues/" + queue + "/dead-letters", "/api/jobs?queue=" + queue));
        }
        jobIds.forEach(id -> paths.add("/api/jobs/" + id));
        for (String path : paths) {
            Http.Response response = warren.http.get(path);
            assertTrue(response.status() < 500, path + " answered " + response.status() + ": " + response.body());
            assertNoSecret("GET " + path, response.body());
        }
    }

    @Test
    @Order(4)
    void noMBeanJolokiaCanReadShowsASecret() {
        Http.Response search = warren.http.post("/observe/jolokia/", Http.json(Map.of("type", "search", "mbean", "*:*")));
        JsonNode names = search.json() != null ? search.json().path("value") : parse(search.body()).path("value");
        assertTrue(names.size() > 50, "Jolokia finds the MBeans: " + search.body());
        List<Map<String, Object>> reads = new ArrayList<>();
        names.forEach(name -> reads.add(Map.of("type", "read", "mbean", name.asText())));
        Http.Response answers = warren.http.post("/observe/jolokia/", Http.json(reads));
        assertEquals(200, answers.status(), answers.body().substring(0, Math.min(500, answers.body().length())));
        int readable = 0;
        for (JsonNode answer : parse(answers.body())) {
            readable += answer.path("status").asInt() == 200 ? 1 : 0;
        }
        assertTrue(readable > 50, "most MBeans are readable: " + readable);
        assertNoSecret("the MBeans' names", names.toString());
        assertNoSecret("the MBeans' attributes", answers.body());
        for (String hostFact : List.of(System.getProperty("user.dir"), System.getProperty("user.home") + "/",
                "\"" + ProcessHandle.current().pid() + "@")) {
            int at = answers.body().indexOf(hostFact);
            assertTrue(at < 0, "an MBean shows " + hostFact + ": ..."
                    + answers.body().substring(Math.max(0, at - 300), Math.min(answers.body().length(), at + 100)));
        }
        Http.Response list = warren.http.post("/observe/jolokia/", Http.json(Map.of("type", "list")));
        assertNoSecret("Jolokia's list", list.body());
    }

    @Test
    @Order(5)
    void observeInfoShowsNothingOfTheHostUserDirectoriesOrProcess() {
        Http.Response info = warren.http.get("/observe/info");
        String body = info.body();
        for (String hostFact : List.of(System.getProperty("user.name"), System.getProperty("user.dir"),
                System.getProperty("user.home"), System.getProperty("java.home"), String.valueOf(ProcessHandle.current().pid()))) {
            assertFalse(body.contains(hostFact), "/observe/info shows " + hostFact + ": " + body);
        }
    }

    @Test
    @Order(6)
    void noLogLineShowsASecret() {
        List<String> lines = logs.lines();
        assertTrue(lines.stream().anyMatch(line -> line.contains(delivered)), "the log was captured: " + lines.size());
        for (String line : lines) {
            assertNoSecret("the log line", line);
        }
    }

    private static void assertNoSecret(String where, String text) {
        secrets().forEach((name, value) -> {
            int at = text.indexOf(value);
            assertTrue(at < 0, where + " shows the " + name + ": ..."
                    + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100)) + "...");
        });
    }

    private static JsonNode parse(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
