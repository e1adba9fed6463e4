package dev.warren.jobs;

import dev.warren.support.WarrenPerClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.warren.jobs.JobFixtures.awaitStatus;
import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.jobs.JobFixtures.httpGroup;
import static dev.warren.jobs.JobFixtures.ints;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages stay intact between other AMQP clients, warren and the target: published by a plain client (no id, any
 * content), they keep one id through redeliveries, carry no headers of Spring AMQP's, and the attempt number sent is
 * the one the job records.
 */
class MessageIntegrityIT extends WarrenPerClass {

    private static final Duration DELIVERY = Duration.ofSeconds(15);

    static Connection amqp;

    @BeforeAll
    static void start() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.get().amqpUri);
        amqp = factory.newConnection("message-integrity-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (amqp != null) {
            amqp.close();
        }
    }

    /** Publishes as another application would: straight to the queue, with only the properties given. */
    static void publishPlain(String queue, byte[] body, AMQP.BasicProperties properties) throws Exception {
        try (Channel channel = amqp.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", queue, properties, body);
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    static AMQP.BasicProperties json() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").build();
    }

    @Test
    void aMessageWithoutIdIsDeliveredUnderAnIdItsContentDerivesAndASecondOneAlikeUnderAnother() throws Exception {
        String queue = declaredQueue(warren, "integrity-no-id");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            byte[] body = "{\"order\":7}".getBytes(StandardCharsets.UTF_8);

            publishPlain(queue, body, json());
            await("first delivery").atMost(DELIVERY).until(() -> target.requests().size() == 1);
            String first = target.requests().get(0).webhookId();
            assertNotNull(first, target.toString());
            awaitStatus(warren, first, "finished", DELIVERY);

            publishPlain(queue, body, json());
            await("second delivery").atMost(DELIVERY).until(() -> target.requests().size() == 2);
            String second = target.requests().get(1).webhookId();
            assertNotEquals(first, second, "another message with the same content is another task: " + target);
            awaitStatus(warren, second, "finished", DELIVERY);
            assertEquals(1, awaitStatus(warren, first, "finished", DELIVERY).path("attempts").size(),
                    "the first job was not attempted again");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void identicalMessagesWithoutIdTakenAtOnceByConsumersOfAGroupAreEachTheirOwnJob() throws Exception {
        String queue = declaredQueue(warren, "integrity-twins");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(4, target.url(), 3, 100));
            await("4 consumers").atMost(DELIVERY).until(() -> broker().consumers(queue) == 4);
            everyIdenticalMessageIsItsOwnJob(List.of(warren), queue, target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void identicalMessagesWithoutIdTakenAtOnceByTwoInstancesOnPostgresAreEachTheirOwnJob() throws Exception {
        Map<String, String> schema = dev.warren.support.TestStore.postgres().freshSchema();
        try (TargetServer target = TargetServer.start();
             RunningWarren a = RunningWarren.start(schema);
             RunningWarren b = RunningWarren.start(schema)) {
            String queue = declaredQueue(a, "integrity-twins-pg");
            try {
                putGroup(a, queue, httpGroup(4, target.url(), 3, 100));
                await("consumers on both instances").atMost(Duration.ofSeconds(30)).until(() ->
                        broker().consumers(queue) == 4
                                && dev.warren.support.WarrenCalls.group(b, queue).path("instances").size() == 2);
                everyIdenticalMessageIsItsOwnJob(List.of(a, b), queue, target);
            } finally {
                deleteQueue(a, queue);
            }
        }
    }

    /**
     * Publishes pairs of identical messages without id (no properties at all) in one burst, each pair back to back so
     * that two consumers take its two messages at the same moment; each message must become a job of its own.
     */
    private static void everyIdenticalMessageIsItsOwnJob(List<RunningWarren> instances, String queue, TargetServer target)
            throws Exception {
        int pairs = 40;
        try (Channel channel = amqp.createChannel()) {
            channel.confirmSelect();
            for (int pair = 0; pair < pairs; pair++) {
                byte[] body = ("{\"pair\":" + pair + "}").getBytes(StandardCharsets.UTF_8);
                channel.basicPublish("", queue, null, body);
                channel.basicPublish("", queue, null, body);
            }
            channel.waitForConfirmsOrDie(5_000);
        }
        await("every message delivered").atMost(Duration.ofSeconds(30)).until(() -> target.requests().size() >= 2 * pairs);
        List<TargetServer.Request> requests = target.requests();
        assertEquals(2 * pairs, requests.stream().map(TargetServer.Request::webhookId).distinct().count(),
                "a webhook-id of its own for every message: " + target);
        assertEquals(List.of(1), requests.stream().map(TargetServer.Request::attempt).distinct().toList(),
                "each delivered once, at its first attempt: " + target);
        Map<String, Long> perBody = requests.stream().collect(java.util.stream.Collectors.groupingBy(
                TargetServer.Request::body, java.util.stream.Collectors.counting()));
        assertEquals(pairs, perBody.size(), perBody.toString());
        assertTrue(perBody.values().stream().allMatch(n -> n == 2), "each content twice: " + perBody);
        for (TargetServer.Request request : requests) {
            JsonNode finished = awaitStatus(instances.get(0), request.webhookId(), "finished", DELIVERY);
            assertEquals(List.of(1), ints(finished.path("attempts"), "n"), finished.toString());
        }
    }

    @Test
    void aMessageWithoutIdCutOffByAStopComesBackUnderTheSameIdAsItsJobsSecondAttempt() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        // the first delivery outlasts the shutdown timeout, so that stopping cuts it off
        properties.put("warren.shutdown.timeout", "1");
        properties.put("camel.component.spring-rabbitmq.shutdownTimeout", "1000");
        AtomicInteger calls = new AtomicInteger();
        RunningWarren own = RunningWarren.start(properties);
        String queue = declaredQueue(own, "integrity-no-id-restart");
        try (TargetServer target = TargetServer.start(request ->
                calls.incrementAndGet() == 1 ? Answer.ok().after(8000) : Answer.ok())) {
            Map<String, Object> group = new LinkedHashMap<>(httpGroup(1, target.url(), 3, 100));
            group.put("target", Map.of("url", target.url(), "timeoutMs", 30000));
            putGroup(own, queue, group);
            publishPlain(queue, "{\"order\":8}".getBytes(StandardCharsets.UTF_8), json());
            await("first attempt at the target").atMost(DELIVERY).until(() -> target.requests().size() == 1);
            String id = target.requests().get(0).webhookId();
            awaitStatus(own, id, "started", DELIVERY);

            own = own.restart();

            JsonNode finished = awaitStatus(own, id, "finished", DELIVERY);
            List<TargetServer.Request> requests = target.requests();
            assertEquals(2, requests.size(), target.toString());
            assertEquals(id, requests.get(1).webhookId(), "the same webhook-id after the restart: " + target);
            assertEquals(List.of(1, 2), requests.stream().map(TargetServer.Request::attempt).toList(),
                    "X-Warren-Attempt counts the job's attempts: " + target);
            assertEquals(List.of(1, 2), ints(finished.path("attempts"), "n"), finished.toString());
            assertTrue(finished.path("attempts").get(0).path("error").asText().startsWith("interrupted"), finished.toString());
        } finally {
            deleteQueue(own, queue);
            own.close();
        }
    }

    @Test
    void theAttemptSentIsTheAttemptRecordedThroughBrokerRetriesAndAJobRetry() {
        String queue = declaredQueue(warren, "integrity-attempts");
        AtomicInteger calls = new AtomicInteger();
        try (TargetServer target = TargetServer.start(request -> switch (calls.incrementAndGet()) {
            case 1 -> Answer.status(503);
            case 2 -> Answer.status(400);
            default -> Answer.ok();
        })) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            String id = publish(warren, queue, Map.of("order", 9));
            awaitStatus(warren, id, "failed", DELIVERY);
            assertEquals(202, warren.http.post("/api/jobs/" + id + "/retry").status());

            JsonNode finished = awaitStatus(warren, id, "finished", DELIVERY);
            assertEquals(List.of(1, 2, 3), ints(finished.path("attempts"), "n"), finished.toString());
            assertEquals(List.of(1, 2, 3), target.attemptsOf(id).stream().map(TargetServer.Request::attempt).toList(),
                    "X-Warren-Attempt of each request: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aDeadLetterQueueDeletedOnTheBrokerIsDeclaredAgainAndTheTaskDeadLetteredAfterItsLastAttempt() throws Exception {
        String queue = declaredQueue(warren, "integrity-lost-dlq");
        String dlq = queue + ".dlq";
        try (TargetServer target = TargetServer.start(request -> Answer.status(500))) {
            broker().admin().deleteQueue(dlq);
            assertFalse(broker().exists(dlq), "the dead-letter queue was deleted behind warren's back");
            putGroup(warren, queue, httpGroup(1, target.url(), 2, 100));
            String id = publish(warren, queue, Map.of("order", 12));

            JsonNode failed = awaitStatus(warren, id, "failed", DELIVERY);
            await("the dead letter").atMost(DELIVERY).until(() -> broker().exists(dlq) && broker().ready(dlq) == 1);
            assertEquals(List.of(1, 2), ints(failed.path("attempts"), "n"), failed.toString());
            assertEquals(2, target.attemptsOf(id).size(), "maxAttempts calls and no more: " + target);
            assertEquals("quorum", broker().managementQueue(dlq).path("type").asText(), "of the queue's type");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void messagesWarrenPublishesCarryTheirOwnHeadersAndNoneOfSpringAmqps() throws Exception {
        String idle = declaredQueue(warren, "integrity-headers-idle");
        String failing = declaredQueue(warren, "integrity-headers-dead");
        try (TargetServer target = TargetServer.start(request -> Answer.status(400))) {
            Map<String, Object> task = Map.of("payload", Map.of("order", 10), "headers", Map.of("X-Custom", "mine"));
            assertEquals(202, warren.http.post("/api/queues/" + idle + "/tasks", dev.warren.support.Http.json(task)).status());
            putGroup(warren, failing, httpGroup(1, target.url(), 3, 100));
            AMQP.BasicProperties custom = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .headers(Map.of("X-Publisher", "theirs")).build();
            publishPlain(failing, "{\"order\":11}".getBytes(StandardCharsets.UTF_8), custom);

            List<Message> published = broker().drain(idle);
            assertEquals(1, published.size());
            Map<String, Object> headers = published.get(0).getMessageProperties().getHeaders();
            assertEquals("mine", String.valueOf(headers.get("X-Custom")), headers.toString());
            assertNoSpringHeaders(headers);

            await("dead letter").atMost(DELIVERY).until(() -> broker().ready(failing + ".dlq") == 1);
            List<Message> dead = broker().drain(failing + ".dlq");
            Map<String, Object> deadHeaders = dead.get(0).getMessageProperties().getHeaders();
            assertEquals("theirs", String.valueOf(deadHeaders.get("X-Publisher")), deadHeaders.toString());
            assertNotNull(dead.get(0).getMessageProperties().getMessageId(), "the id warren gave it stays on it");
            assertNoSpringHeaders(deadHeaders);
        } finally {
            deleteQueue(warren, idle, failing);
        }
    }

    @Test
    void payloadsOfAnyKindReachTheTargetByteForByteWithTheirContentTypeAlsoAfterAJobRetry() throws Exception {
        String queue = declaredQueue(warren, "integrity-payloads");
        record Sent(String name, byte[] body, String contentType, String delivered, String encoding, String view) {
        }
        List<Sent> sent = List.of(
                new Sent("binary", new byte[] {(byte) 0xff, 0x00, (byte) 0xfe, 0x10}, "application/octet-stream",
                        "application/octet-stream", "base64", "/wD+EA=="),
                new Sent("text", utf8("just a string"), "text/plain", "text/plain", "text", "just a string"),
                new Sent("json-string", utf8("\"just a string\""), "application/json", "application/json", "json",
                        "just a string"),
                new Sent("broken-json", utf8("{\"a\":"), "application/json", "application/json", "text", "{\"a\":"),
                new Sent("untyped-binary", new byte[] {0x01, (byte) 0x80}, null, "application/octet-stream", "base64",
                        "AYA="));
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // each task fails its first attempt (not retryable), then is delivered when its job is retried
        try (TargetServer target = TargetServer.start(request ->
                seen.add(request.webhookId()) ? Answer.status(400) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            for (Sent one : sent) {
                publishPlain(queue, one.body(), new AMQP.BasicProperties.Builder().messageId(queue + "-" + one.name())
                        .contentType(one.contentType()).build());
            }
            for (Sent one : sent) {
                String id = queue + "-" + one.name();
                awaitStatus(warren, id, "failed", DELIVERY);
                assertEquals(202, warren.http.post("/api/jobs/" + id + "/retry").status(), id);
                JsonNode finished = awaitStatus(warren, id, "finished", DELIVERY);

                List<TargetServer.Request> attempts = target.attemptsOf(id);
                assertEquals(2, attempts.size(), one.name() + ": " + target);
                for (TargetServer.Request request : attempts) {
                    assertEquals(java.util.HexFormat.of().formatHex(one.body()),
                            java.util.HexFormat.of().formatHex(request.bytes()), one.name() + " attempt " + request.attempt());
                    assertEquals(one.delivered(), request.header("Content-Type"), one.name());
                }
                assertEquals(one.encoding(), finished.path("payloadEncoding").asText(), finished.toString());
                assertEquals(one.view(), finished.path("payload").asText(), finished.toString());
                assertEquals(one.contentType() == null, finished.path("contentType").isNull(), finished.toString());
            }
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void theJobViewShowsTheNumbersOfAPayloadExactlyAsTheTargetGetsThem() {
        String queue = declaredQueue(warren, "integrity-numbers");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 1, 100));
            // published with the text 1e400: warren's publish writes the number back as 1E+400 (see Json.REQUESTS)
            String huge = warren.http.post("/api/queues/" + queue + "/tasks", "{\"id\": \"" + queue + "-huge\", \"payload\": 1e400}").text("id");
            String fine = warren.http.post("/api/queues/" + queue + "/tasks",
                    "{\"id\": \"" + queue + "-fine\", \"payload\": {\"f\": 0.1000000000000000055511151231257827, \"g\": 1.50}}").text("id");
            Map<String, String> expected = Map.of(huge, "1E+400", fine, "{\"f\":0.1000000000000000055511151231257827,\"g\":1.50}");
            for (Map.Entry<String, String> one : expected.entrySet()) {
                awaitStatus(warren, one.getKey(), "finished", DELIVERY);
                assertEquals(one.getValue(), target.attemptsOf(one.getKey()).get(0).body(), "what the target got");
                String view = warren.http.get("/api/jobs/" + one.getKey()).body();
                assertTrue(view.contains("\"payload\":" + one.getValue() + ","), "the job view's payload: " + view);
                assertTrue(warren.http.get("/api/jobs?queue=" + queue).body().contains("\"payload\":" + one.getValue() + ","),
                        "the list shows the same payload");
            }
        } finally {
            deleteQueue(warren, queue);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertNoSpringHeaders(Map<String, Object> headers) {
        assertFalse(headers.keySet().stream().anyMatch(name -> name.startsWith("spring_")),
                "no Spring AMQP correlation headers: " + headers);
    }
}
