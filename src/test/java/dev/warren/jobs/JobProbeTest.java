package dev.warren.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.warren.jobs.JobFixtures.*;
import static org.awaitility.Awaitility.await;

class JobProbeTest {
    static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception { warren = RunningWarren.start(); }

    @AfterAll
    static void stop() throws Exception { warren.close(); }

    @Test
    void probeSmall() {
        String queue = declaredQueue(warren, "probe");
        Http.Response r = warren.http.post("/api/queues/" + queue + "/dead-letters/replay");
        System.out.println("PROBE replay no body: " + r.status() + " " + r.body());
        r = warren.http.send("POST", "/api/queues/" + queue + "/dead-letters/replay", "", "application/json");
        System.out.println("PROBE replay empty json body: " + r.status() + " " + r.body());
        String missing = "no-such-" + UUID.randomUUID();
        String id = "probe-" + UUID.randomUUID();
        r = publishTask(warren, missing, Map.of("id", id, "payload", 1));
        System.out.println("PROBE publish missing queue: " + r.status() + " " + r.body());
        r = warren.http.get("/api/jobs/" + id);
        System.out.println("PROBE job after 404 publish: " + r.status() + " " + r.body());
        r = publishTask(warren, queue, Map.of("id", id, "payload", 1));
        System.out.println("PROBE same id to real queue: " + r.status() + " " + r.body());
        r = warren.http.get("/api/jobs?queue=" + queue);
        System.out.println("PROBE list: " + r.body());
        r = publishTask(warren, missing, Map.of("id", "d-" + UUID.randomUUID(), "payload", 1, "delayMs", 5000));
        System.out.println("PROBE delayed publish missing queue: " + r.status() + " " + r.body());
        deleteQueue(warren, queue);
    }

    @Test
    void probeStaleDropOnFinished() {
        String queue = declaredQueue(warren, "probe-stale");
        try (TargetServer target = TargetServer.start(req -> req.attempt() == 1 && req.header("X-Warren-Attempt") != null && target0(req) ? Answer.status(503) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(1, target.url(), 5, 1500));
            String id = publish(warren, queue, Map.of("x", 1));
            awaitStatus(warren, id, "retrying", Duration.ofSeconds(5));
            System.out.println("PROBE cancel: " + warren.http.post("/api/jobs/" + id + "/cancel").status());
            System.out.println("PROBE retry: " + warren.http.post("/api/jobs/" + id + "/retry").status());
            awaitStatus(warren, id, "finished", Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofSeconds(3)).until(() -> true);
            System.out.println("PROBE finished job after stale message: " + job(warren, id));
            System.out.println("PROBE target: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    static java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    static boolean target0(TargetServer.Request r) { return calls.getAndIncrement() == 0; }

    @Test
    void probeReplayWhileDeadLettering() {
        String queue = declaredQueue(warren, "probe-replay");
        String dlq = queue + ".dlq";
        try (TargetServer target = TargetServer.start(req -> Answer.status(400))) {
            putGroup(warren, queue, httpGroup(8, target.url(), 3, 100));
            List<String> ids = publishBatch(warren, queue, IntStream.range(0, 300).mapToObj(i -> Map.of("n", i)).toList());
            int total = 0;
            long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < end) {
                Http.Response r = warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}");
                total += r.json().path("replayed").asInt();
            }
            System.out.println("PROBE replayed in total " + total);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    listIds(warren, "/api/jobs", "queue=" + queue + "&status=failed&limit=1000").size() == 300);
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofSeconds(2)).until(() -> true);
            System.out.println("PROBE failed jobs 300, DLQ holds " + broker().ready(dlq) + ", queue " + broker().ready(queue));
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
