package dev.warren.instances;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Separate warren processes on one PostgreSQL schema and one broker behave as one: a group changed through any of them
 * runs on all, its count split between them; a killed one's share moves to the others with no accepted task lost; a
 * new one takes its share without cutting a delivery off; the job cleanup runs on one of them; an autoscaled group is
 * decided on one of them and its count split over all.
 */
class InstancesIT {

    private final List<Process> processes = new ArrayList<>();

    @Test
    void instancesShareEveryGroupAndTakeOverFromADeadOne() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String queue = TestBroker.uniqueName("instances");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(40))) {
            Warren a = start("a", schema);
            Warren b = start("b", schema);
            a.awaitReady();
            b.awaitReady();

            assertEquals(201, a.http.put("/api/queues/" + queue, "{}").status());
            long put = System.nanoTime();
            assertEquals(200, a.http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 4, "type", "http",
                    "target", Map.of("url", target.url())))).status());
            awaitShares("4 over two instances", b, queue, broker, List.of(2, 2), 4, put);

            long scaled = System.nanoTime();
            assertEquals(200, b.http.post("/api/queues/" + queue + "/workers/scale", "{\"count\":6}").status());
            awaitShares("scaled through B to 6", a, queue, broker, List.of(3, 3), 6, scaled);
            JsonNode view = a.http.get("/api/queues/" + queue + "/workers").json();
            assertEquals(6, view.path("count").asInt(), view.toString());
            assertTrue(view.path("sameTypeEverywhere").asBoolean(), view.toString());

            long paused = System.nanoTime();
            assertEquals(200, a.http.post("/api/queues/" + queue + "/workers/pause").status());
            await("paused everywhere").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> broker.consumers(queue) == 0);
            report("pause", paused);
            long resumed = System.nanoTime();
            assertEquals(200, b.http.post("/api/queues/" + queue + "/workers/resume").status());
            awaitShares("resumed through B", a, queue, broker, List.of(3, 3), 6, resumed);

            await("job cleanup on one instance").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> a.logHas("Job cleanup runs on this instance") || b.logHas("Job cleanup runs on this instance"));
            Thread.sleep(3000); // several cleanup periods: the other instance must not take it meanwhile
            assertTrue(a.logHas("Job cleanup runs on this instance") ^ b.logHas("Job cleanup runs on this instance"),
                    "exactly one instance runs the job cleanup");

            // kill -9 B under a stream of tasks published through A
            Publisher load = new Publisher(a.http, queue);
            load.start();
            await("some deliveries").atMost(Duration.ofSeconds(30)).until(() -> target.requests().size() > 20);
            b.process.destroyForcibly();
            long killed = System.nanoTime();
            await("A takes the whole count").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker.consumers(queue) == 6 && shares(a, queue).equals(List.of(6)));
            report("take-over after kill -9", killed);

            // a new instance joins under load: shares move to it, no delivery is cut off
            int abortedBefore = target.aborted();
            Warren c = start("c", schema);
            c.awaitReady();
            await("shares rebalanced to 3/3").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> shares(a, queue).equals(List.of(3, 3)) && broker.consumers(queue) == 6);
            Thread.sleep(1000);
            load.stop();
            assertTrue(load.accepted.size() > 0, "tasks accepted");
            await("every accepted task delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> target.countByWebhookId().keySet().containsAll(load.accepted));
            long duplicates = target.countByWebhookId().values().stream().filter(n -> n > 1).count();
            System.out.println("InstancesIT: " + load.accepted.size() + " tasks accepted, all delivered, " + duplicates
                    + " delivered more than once; " + load.refused + " refused");
            assertEquals(abortedBefore, target.aborted(), "no delivery cut off while the third instance joined");

            long deleted = System.nanoTime();
            assertEquals(204, c.http.delete("/api/queues/" + queue + "/workers").status());
            await("removed everywhere").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> broker.consumers(queue) == 0 && a.http.get("/api/queues/" + queue + "/workers").status() == 404);
            report("delete", deleted);
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anInstanceWhoseShareOfAGroupIsNoConsumerStaysReady() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String queue = TestBroker.uniqueName("instances-share");
        try {
            Warren a = start("a", schema);
            Warren b = start("b", schema);
            a.awaitReady();
            b.awaitReady();
            assertEquals(201, a.http.put("/api/queues/" + queue, "{}").status());
            assertEquals(200, a.http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 1, "type", "log")))
                    .status());
            await("one consumer in all").atMost(Duration.ofSeconds(10)).until(() -> broker.consumers(queue) == 1);
            // past warren.health.consumer-grace-ms (5 s): the instance running none of the one consumer is not starved
            await("both instances stay ready").during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                    .until(() -> a.http.get("/observe/health/ready").status() == 200
                            && b.http.get("/observe/health/ready").status() == 200);
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            broker.deleteQueues(queue);
        }
    }

    @Test
    void anAutoscaledGroupIsDecidedOnOneInstanceAndSplitOverAll() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String queue = TestBroker.uniqueName("instances-autoscale");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(40))) {
            Warren a = start("a", schema);
            Warren b = start("b", schema);
            a.awaitReady();
            b.awaitReady();
            assertEquals(201, a.http.put("/api/queues/" + queue, "{}").status());
            assertEquals(200, a.http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("type", "http",
                    "target", Map.of("url", target.url()),
                    "autoscale", Map.of("min", 0, "max", 4, "targetBacklogPerConsumer", 100, "cooldownMs", 1000)))).status());
            List<Map<String, Integer>> payloads = java.util.stream.IntStream.range(0, 1000)
                    .mapToObj(n -> Map.of("n", n)).toList();
            Http.Response published = b.http.post("/api/queues/" + queue + "/tasks/batch", Http.json(Map.of("tasks",
                    payloads.stream().map(p -> Map.of("payload", p)).toList())));
            assertEquals(202, published.status(), published.body());
            Set<String> ids = new java.util.HashSet<>();
            published.json().path("ids").forEach(id -> ids.add(id.asText()));

            long scaled = System.nanoTime();
            awaitShares("autoscaled to max, split over both", b, queue, broker, List.of(2, 2), 4, scaled);
            await("every task delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> target.countByWebhookId().keySet().containsAll(ids));
            await("back to 0 everywhere").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker.consumers(queue) == 0 && shares(a, queue).equals(List.of(0, 0)));

            assertEquals(Map.of(), target.duplicates(), "no delivery cut short and repeated");
            assertTrue(a.logHas("Autoscaling runs on this instance") ^ b.logHas("Autoscaling runs on this instance"),
                    "the decisions are made on one instance");
            Warren decider = a.logHas("Autoscaling runs on this instance") ? a : b;
            Warren other = decider == a ? b : a;
            // up (in one step or several, as the backlog is seen growing) and back down to none
            // the step down is logged once its consumers have stopped, which the broker may show first
            await("up and down on the deciding instance; log " + decider.log).atMost(Duration.ofSeconds(5))
                    .until(() -> decider.logHas("autoscaled from 0 to ") && decider.logHas(" to 0 consumer(s)"));
            assertTrue(!other.logHas(" autoscaled from "), "no decision on the other; log " + other.log);
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }

    /** Waits until the broker has the consumers and the view shows these shares, each instance running its share. */
    private static void awaitShares(String what, Warren seenBy, String queue, TestBroker broker, List<Integer> shares,
                                    int consumers, long since) {
        await(what).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                broker.consumers(queue) == consumers && shares(seenBy, queue).equals(shares));
        report(what, since);
        await(what + ": running consumers reported").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> running(seenBy, queue).equals(shares));
    }

    private static void report(String what, long since) {
        System.out.println("InstancesIT: " + what + " seen after " + Duration.ofNanos(System.nanoTime() - since).toMillis() + " ms");
    }

    private static List<Integer> shares(Warren warren, String queue) {
        return instanceField(warren, queue, "share");
    }

    private static List<Integer> running(Warren warren, String queue) {
        return instanceField(warren, queue, "running");
    }

    private static List<Integer> instanceField(Warren warren, String queue, String field) {
        List<Integer> values = new ArrayList<>();
        warren.http.get("/api/queues/" + queue + "/workers").json().path("instances")
                .forEach(i -> values.add(i.path(field).asInt()));
        return values;
    }

    /** Publishes tasks through one instance until stopped; remembers the ids it accepted (202). */
    private static final class Publisher {
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        volatile int refused;
        private final Http http;
        private final String queue;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Publisher(Http http, String queue) {
            this.http = http;
            this.queue = queue;
        }

        void start() {
            thread = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    Http.Response answer = http.post("/api/queues/" + queue + "/tasks", Http.json(Map.of("payload", Map.of("n", n++))));
                    if (answer.status() == 202) {
                        accepted.add(answer.text("id"));
                    } else {
                        refused++;
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "instances-it-publisher");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    private Warren start(String name, Map<String, String> schema) throws IOException {
        TestBroker broker = TestBroker.get();
        int port = freePort();
        Path log = Files.createTempFile("warren-instance-" + name, ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Dcamel.server.port=" + port,
                "-Dwarren.rabbitmq.uri=" + broker.amqpUri,
                "-Dwarren.auth.admin-key=" + RunningWarren.ADMIN_KEY,
                "-Dwarren.rabbitmq.management-uri=" + broker.managementUri,
                "-Dwarren.jobs.cleanup-interval-ms=500"));
        schema.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("dev.warren.Warren");
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(process);
        return new Warren(process, new Http("http://localhost:" + port), log);
    }

    private record Warren(Process process, Http http, Path log) {
        void awaitReady() {
            await("warren ready; log " + log).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        assertTrue(process.isAlive(), "warren exited; log " + log);
                        return http.get("/observe/health/ready").status() == 200;
                    });
        }

        boolean logHas(String text) throws IOException {
            return Files.readString(log).contains(text);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
