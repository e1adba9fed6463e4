package dev.warren.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * warren killed (kill -9) in the middle of deliveries and started again on the same store: every message another
 * application published without an id is delivered under one stable id, and the store ends up agreeing with what
 * happened (no job left waiting, attempt numbers as sent).
 */
class CrashRecoveryIT {

    private static final int TASKS = 30;

    @Test
    void afterAKillAndARestartEveryMessageIsDeliveredUnderOneIdAndNoJobIsLeftWaiting() throws Exception {
        TestBroker broker = TestBroker.get();
        int port = freePort();
        Path store = Files.createTempDirectory("warren-crash-store");
        Path log = Files.createTempFile("warren-crash", ".log");
        Http http = new Http("http://localhost:" + port);
        String queue = TestBroker.uniqueName("crash");
        Process process = start(port, store, log);
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(150))) {
            awaitReady(http, log);
            assertEquals(201, http.put("/api/queues/" + queue, "{}").status());
            assertEquals(200, http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 2, "type", "http",
                    "target", Map.of("url", target.url()), "retry", Map.of("maxAttempts", 3)))).status());
            publishWithoutIds(broker, queue);
            await("some deliveries").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> target.requests().size() >= 6);

            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed");
            process = start(port, store, log);
            awaitReady(http, log);

            await("every task delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> idsByTask(target).size() == TASKS && broker.ready(queue) == 0);
            Map<Integer, Set<String>> ids = idsByTask(target);
            ids.forEach((n, webhookIds) -> assertEquals(1, webhookIds.size(), "task " + n + " under one id: " + webhookIds));
            long duplicates = target.requests().size() - TASKS;
            System.out.println("CrashRecoveryIT: " + target.requests().size() + " requests for " + TASKS + " tasks, "
                    + duplicates + " delivered more than once");

            await("no job left waiting").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> waiting(http, queue).isEmpty());
            List<String> unrecorded = new ArrayList<>();
            for (Set<String> one : ids.values()) {
                String id = one.iterator().next();
                Http.Response found = http.get("/api/jobs/" + id);
                if (found.status() == 404) {
                    unrecorded.add(id);
                    continue;
                }
                JsonNode job = found.json();
                JsonNode attempts = job.path("attempts");
                int sent = target.attemptsOf(id).stream().mapToInt(TargetServer.Request::attempt).max().orElse(0);
                if ("finished".equals(job.path("status").asText())) {
                    assertEquals(sent, attempts.get(attempts.size() - 1).path("n").asInt(),
                            "the last attempt sent is the last recorded: " + job + " " + target.attemptsOf(id));
                } else {
                    assertTrue(job.path("error").asText().startsWith("outcome unknown"), job.toString());
                }
            }
            assertEquals(List.of(), unrecorded, "every delivered task has its job after the kill");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            broker.deleteQueues(queue);
        }
    }

    @Test
    void everyTaskAnswered202HasItsJobAfterAKillRightAfterTheAnswer() throws Exception {
        TestBroker broker = TestBroker.get();
        int port = freePort();
        Path store = Files.createTempDirectory("warren-crash-store");
        Path log = Files.createTempFile("warren-crash", ".log");
        Http http = new Http("http://localhost:" + port);
        String queue = TestBroker.uniqueName("crash-publish");
        Process process = start(port, store, log);
        try {
            awaitReady(http, log);
            assertEquals(201, http.put("/api/queues/" + queue, "{}").status());
            List<String> accepted = new ArrayList<>();
            for (int n = 0; n < TASKS; n++) {
                Http.Response answer = http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", Map.of("n", n))));
                assertEquals(202, answer.status(), answer.body());
                accepted.add(answer.text("id"));
            }
            // at once after the last answer: a commit the store had not written to its file yet would be lost
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed");
            process = start(port, store, log);
            awaitReady(http, log);

            List<String> missing = accepted.stream().filter(id -> http.get("/api/jobs/" + id).status() != 200).toList();
            assertEquals(List.of(), missing, "every task answered 202 has its job after the kill");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            broker.deleteQueues(queue);
        }
    }

    private static Process start(int port, Path store, Path log) throws IOException {
        TestBroker broker = TestBroker.get();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Dcamel.server.port=" + port,
                "-Dwarren.rabbitmq.uri=" + broker.amqpUri,
                "-Dwarren.auth.admin-key=" + dev.warren.support.RunningWarren.ADMIN_KEY,
                "-Dwarren.rabbitmq.management-uri=" + broker.managementUri,
                "-Dwarren.store.url=jdbc:h2:file:" + store + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "-Dwarren.jobs.reconcile-interval-ms=2000",
                "dev.warren.Warren"));
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void awaitReady(Http http, Path log) {
        await("warren ready; log " + log).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> http.get("/observe/health/ready").status() == 200);
    }

    /** Publishes the tasks as another application would: JSON, no message id. */
    private static void publishWithoutIds(TestBroker broker, String queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.amqpUri);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties json = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build();
            for (int n = 0; n < TASKS; n++) {
                channel.basicPublish("", queue, json, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    /** The webhook-ids each task (by its n) reached the target under. */
    private static Map<Integer, Set<String>> idsByTask(TargetServer target) {
        return target.requests().stream().collect(Collectors.groupingBy(r -> r.json().path("n").asInt(), TreeMap::new,
                Collectors.mapping(TargetServer.Request::webhookId, Collectors.toSet())));
    }

    private static List<String> waiting(Http http, String queue) {
        List<String> waiting = new ArrayList<>();
        for (String status : List.of("queued", "started", "retrying")) {
            http.get("/api/jobs?queue=" + queue + "&status=" + status).json().path("items")
                    .forEach(item -> waiting.add(item.path("id").asText() + " " + status));
        }
        return waiting;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
