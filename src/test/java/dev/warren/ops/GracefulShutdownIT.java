package dev.warren.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.WarrenCalls;
import dev.warren.support.Http;
import dev.warren.support.LogCapture;
import dev.warren.support.RunningWarren;
import dev.warren.support.StandInConsumer;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenProcess;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.ops.OpsFixtures.httpGroup;
import static dev.warren.support.WarrenCalls.publishBatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping warren while slow deliveries are in flight: publishes get 503, the deliveries in hand finish and are
 * acknowledged, the tasks not yet taken stay on the queue, and no task is lost or delivered twice.
 */
class GracefulShutdownIT {

    private static final long SLOW_MS = 1000;

    @Test
    void stoppingLetsInFlightDeliveriesFinishAndLeavesTheRestOnTheQueue() throws Exception {
        TestBroker broker = TestBroker.get();
        String queue;
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(SLOW_MS))) {
            RunningWarren warren = RunningWarren.start(Map.of("warren.shutdown.timeout", "20"));
            assertEquals(20, warren.camel().getShutdownStrategy().getTimeout(), "camel.main.shutdownTimeout follows it");
            queue = declaredQueue(warren, "shutdown");
            try {
                List<String> ids = publishBatch(warren, queue, numbers(20));
                httpGroup(warren, queue, 4, target.url(), 1, 100);
                // the second round of 4 is in flight
                await("5 requests at the target").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> target.requests().size() >= 5);
                Set<String> seenBeforeStop = target.countByWebhookId().keySet();

                CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> close(warren));
                await("stopping").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                        .until(() -> warren.camel().isStopping() || warren.camel().isStopped());
                Http.Response refused = warren.http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", 1)));
                assertEquals(503, refused.status(), "publishes are refused once shutdown began: " + refused.body());
                assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
                stopped.get(60, TimeUnit.SECONDS);

                assertAccountedFor(ids, target, broker.drain(queue), seenBeforeStop);
                assertEquals(0, broker.ready(queue + ".dlq"), "nothing dead-lettered");
            } finally {
                broker.deleteQueues(queue);
            }
        }
    }

    @Test
    void aDeliveryStillRunningAtTheTimeoutGoesBackToTheQueue() throws Exception {
        TestBroker broker = TestBroker.get();
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(8000))) {
            RunningWarren warren = withTimeouts(2, 2000);
            String queue = declaredQueue(warren, "shutdown-timeout");
            try {
                List<String> ids = publishBatch(warren, queue, numbers(4));
                slowGroup(warren, queue, 2, target.url(), 30_000, 1);
                await("2 in flight").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() == 2);

                long start = System.nanoTime();
                List<String> lines;
                try (LogCapture log = LogCapture.open()) {
                    warren.close();
                    lines = log.lines();
                }
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < 7000, "stopped at the timeout, not when the deliveries would end: " + tookMs + " ms");
                List<String> cuts = lines.stream().filter(line -> line.contains("interrupted by shutdown")).toList();
                assertEquals(2, cuts.size(), "each cut delivery logged once: " + cuts);
                assertTrue(cuts.stream().allMatch(line -> line.startsWith("WARN ") && !line.contains("\tat ")),
                        "at WARN, without a stack trace: " + cuts);

                Set<String> remaining = new HashSet<>();
                broker.drain(queue).forEach(m -> remaining.add(m.getMessageProperties().getMessageId()));
                assertEquals(new HashSet<>(ids), remaining, "unfinished deliveries went back to the queue with the rest");
                assertEquals(0, broker.ready(queue + ".dlq"), "an interrupted delivery is no failure of its task");
            } finally {
                broker.deleteQueues(queue);
            }
        }
    }

    @Test
    void aGroupStillStoppingWhenWarrenStopsIsCutAtWarrensTimeoutLikeTheOthers() throws Exception {
        TestBroker broker = TestBroker.get();
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(20_000))) {
            // the group would wait 30 s for its call; warren's own stop waits 2
            RunningWarren warren = withTimeouts(2, 30_000);
            String queue = declaredQueue(warren, "shutdown-pausing");
            try {
                slowGroup(warren, queue, 1, target.url(), 60_000, 3);
                String id = WarrenCalls.publish(warren, queue, Map.of("n", 1));
                await("the call at the target").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() == 1);
                long start;
                List<String> lines;
                CompletableFuture<Http.Response> paused;
                try (LogCapture log = LogCapture.open()) {
                    paused = CompletableFuture.supplyAsync(() ->
                            warren.http.post("/api/queues/" + queue + "/workers/pause"));
                    await("the group stopping").atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                            .anyMatch(line -> line.contains("Worker group " + queue + ": consumers stopping")));
                    start = System.nanoTime();
                    warren.close();
                    lines = log.lines();
                }
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < 12_000, "stopped at warren's timeout, not the group's: " + tookMs + " ms");
                List<String> cuts = lines.stream().filter(line -> line.contains(id)
                        && (line.contains("interrupted") || line.contains("failed"))).toList();
                assertEquals(1, cuts.size(), "the cut delivery logged once: " + cuts);
                assertTrue(cuts.get(0).contains("interrupted by shutdown") && cuts.get(0).startsWith("WARN "),
                        "cut by warren's stop: " + cuts);
                assertTrue(lines.stream().noneMatch(line -> line.contains("audit entr")),
                        "the pause is audited before the store closes: " + lines.stream()
                                .filter(line -> line.contains("audit")).toList());
                Http.Response answer = paused.get(10, TimeUnit.SECONDS);
                assertTrue(answer.status() == 200 || (answer.status() == 503
                        && answer.contentType().startsWith("application/problem+json")),
                        "the pause is answered, or refused as during shutdown: " + answer.status() + " "
                                + answer.contentType() + " " + answer.body());

                List<String> back = broker.drain(queue).stream().map(m -> m.getMessageProperties().getMessageId()).toList();
                assertEquals(List.of(id), back, "the cut task went back to the queue");
            } finally {
                warren.close();
                broker.deleteQueues(queue, queue + ".dlq");
            }
        }
    }

    @Test
    void idleGroupsStopTogetherNotOneAfterTheOther() throws Exception {
        TestBroker broker = TestBroker.get();
        RunningWarren warren = RunningWarren.start(Map.of());
        List<String> queues = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                String queue = declaredQueue(warren, "shutdown-idle-" + i);
                queues.add(queue);
                WarrenCalls.putGroup(warren, queue, Map.of("type", "log", "count", 1));
            }
            queues.forEach(queue -> WarrenCalls.awaitConsumers(queue, 1, Duration.ofSeconds(20)));
            long start = System.nanoTime();
            warren.close();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // one by one, each idle consumer took up to a second to stop: 25 groups took 12-25 s
            assertTrue(tookMs < 8000, "25 idle groups stopped in " + tookMs + " ms");
            queues.forEach(queue -> assertEquals(0, broker.consumers(queue), queue + " has no consumer left"));
        } finally {
            queues.forEach(broker::deleteQueues);
        }
    }

    @Test
    void sigtermStopsTheSameWayAndExitsWithZero() throws Exception {
        TestBroker broker = TestBroker.get();
        int port = freePort();
        WarrenProcess warren = WarrenProcess.start(Map.of("camel.server.port", String.valueOf(port)), Map.of());
        Process process = warren.process;
        Http http = new Http("http://localhost:" + port);
        String queue = TestBroker.uniqueName("sigterm");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(SLOW_MS))) {
            awaitReady(http);
            assertEquals(201, http.put("/api/queues/" + queue, "{}").status());
            List<Map<String, Object>> tasks = numbers(12).stream().map(p -> Map.<String, Object>of("payload", p)).toList();
            Http.Response batch = http.post("/api/queues/" + queue + "/tasks/batch", Http.json(Map.of("tasks", tasks)));
            assertEquals(202, batch.status(), batch.body());
            List<String> ids = new ArrayList<>();
            batch.json().path("ids").forEach(id -> ids.add(id.asText()));
            Http.Response group = http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 4, "type", "http",
                    "target", Map.of("url", target.url()), "retry", Map.of("maxAttempts", 1))));
            assertEquals(200, group.status(), group.body());
            await("5 requests at the target").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> target.requests().size() >= 5);
            Set<String> seenBeforeStop = target.countByWebhookId().keySet();

            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "warren exits; its log: " + warren.output());
            assertEquals(0, process.exitValue(), "exit code after SIGTERM; log: " + warren.output());
            assertAccountedFor(ids, target, broker.drain(queue), seenBeforeStop);
        } finally {
            warren.close();
            broker.deleteQueues(queue);
        }
    }

    @Test
    void sigtermCutsADeliveryStillRunningAtTheTimeoutBeforeItsTaskGoesBackAndExitsInTime() throws Exception {
        TestBroker broker = TestBroker.get();
        long timeoutMs = 5000;
        int port = freePort();
        Map<String, String> properties = Map.of("camel.server.port", String.valueOf(port),
                "warren.store.url", "jdbc:h2:file:" + Files.createTempDirectory("warren-sigterm-cut")
                        + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "warren.shutdown.timeout", String.valueOf(timeoutMs / 1000),
                // a consumer's own wait as long as the timeout, as the docs allow: it must not give the task back early
                "camel.component.spring-rabbitmq.shutdownTimeout", String.valueOf(timeoutMs));
        WarrenProcess first = WarrenProcess.start(properties, Map.of());
        Http http = new Http("http://localhost:" + port);
        String queue = TestBroker.uniqueName("sigterm-cut");
        WarrenProcess second = null;
        try (TargetServer target = TargetServer.start(request ->
                request.attempt() == 1 ? Answer.heldFor(60_000) : Answer.ok())) {
            awaitReady(http);
            assertEquals(201, http.put("/api/queues/" + queue, "{}").status());
            Http.Response published = http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", Map.of("n", 1))));
            assertEquals(202, published.status(), published.body());
            String id = published.text("id");
            Http.Response group = http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 1, "type", "http",
                    "target", Map.of("url", target.url(), "timeoutMs", 120_000), "retry", Map.of("maxAttempts", 3))));
            assertEquals(200, group.status(), group.body());
            await("the call at the target").atMost(Duration.ofSeconds(20)).until(() -> target.requests().size() == 1);
            TargetServer.Request cutOff = target.requests().get(0);

            // stands in for another instance's idle consumer: it takes the task as soon as the broker has it back
            try (StandInConsumer standIn = StandInConsumer.on(queue)) {
                long start = System.nanoTime();
                first.process.destroy();
                assertTrue(first.process.waitFor(60, TimeUnit.SECONDS), "warren exits; its log: " + first.output());
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertEquals(0, first.process.exitValue(), "exit code after SIGTERM; log: " + first.output());
                assertTrue(tookMs < 2 * timeoutMs, "one timeout and a moment to close, not two: " + tookMs + " ms");

                await("the task back on the queue").atMost(Duration.ofSeconds(10)).until(() -> standIn.firstNanos() != 0);
                long callEndedNanos = target.endedNanos(cutOff).orElseThrow(() -> new AssertionError("the call still runs"));
                // the target notices a closed connection at its next write, 10 ms later at most
                assertTrue(callEndedNanos - standIn.firstNanos() < 1_000_000_000L, "the call ended "
                        + (callEndedNanos - standIn.firstNanos()) / 1_000_000 + " ms after its task was back on the queue");
            }
            // the stand-in's channel closed without an ack: the task is on the queue again

            second = WarrenProcess.start(properties, Map.of());
            awaitReady(http);
            await("delivered again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "finished".equals(http.get("/api/jobs/" + id).text("status")));
            JsonNode job = http.get("/api/jobs/" + id).json();
            assertEquals(2, job.path("attempts").size(), job.toString());
            assertTrue(job.path("attempts").get(0).path("error").asText().startsWith("interrupted"), job.toString());
            assertEquals(List.of(1, 2), target.attemptsOf(id).stream().map(TargetServer.Request::attempt).toList(),
                    target.toString());
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            broker.deleteQueues(queue);
        }
    }

    private static void awaitReady(Http http) {
        await("warren ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> http.get("/observe/health/ready").status() == 200);
    }

    /** Every task was delivered once and acknowledged, or is still on the queue, never both, never neither. */
    private static void assertAccountedFor(List<String> ids, TargetServer target, List<Message> left, Set<String> inFlight) {
        Set<String> remaining = new HashSet<>();
        left.forEach(message -> remaining.add(message.getMessageProperties().getMessageId()));
        Map<String, Long> delivered = target.countByWebhookId();
        assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
        Set<String> both = new HashSet<>(delivered.keySet());
        both.retainAll(remaining);
        assertEquals(Set.of(), both, "a delivered task was acknowledged, not returned to the queue");
        assertTrue(delivered.keySet().containsAll(inFlight), "the deliveries in flight at the stop finished");
        assertTrue(inFlight.size() >= 5, "some were in flight: " + inFlight);
        Set<String> all = new HashSet<>(delivered.keySet());
        all.addAll(remaining);
        assertEquals(new HashSet<>(ids), all, "every task is accounted for");
        assertEquals(ids.size(), delivered.size() + remaining.size(), delivered.size() + " delivered, " + remaining.size() + " left");
        assertTrue(remaining.size() > 0, "the stop came before the queue was drained");
    }

    private static List<Object> numbers(int count) {
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add(Map.of("n", i));
        }
        return payloads;
    }

    private static void close(RunningWarren warren) {
        try {
            warren.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An http group whose calls may take this long. */
    private static void slowGroup(RunningWarren warren, String queue, int count, String url, long timeoutMs, int maxAttempts) {
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", "http");
        spec.put("target", Map.of("url", url, "timeoutMs", timeoutMs));
        spec.put("retry", Map.of("maxAttempts", maxAttempts));
        WarrenCalls.putGroup(warren, queue, spec);
    }

    /** warren with its shutdown timeout and the one of a group stopping alone. */
    private static RunningWarren withTimeouts(int shutdownSeconds, long groupStopMs) throws Exception {
        return RunningWarren.start(Map.of("warren.shutdown.timeout", String.valueOf(shutdownSeconds),
                "camel.component.spring-rabbitmq.shutdownTimeout", String.valueOf(groupStopMs)));
    }
}
