package dev.warren.instances;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.OneRetryAfter;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import dev.warren.support.WarrenCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.publishBatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group split over two instances on one PostgreSQL schema has one target gate: a Retry-After one instance is given
 * pauses the other's consumers too, and a breaker one instance opens keeps the other's consumers from the target until
 * the same time; news of the group's old target URL, from a call still out there after a change, holds nothing back.
 */
class SharedGatesOnTwoInstancesIT {

    private static final TestBroker BROKER = TestBroker.get();
    private static RunningWarren a;
    private static RunningWarren b;

    @BeforeAll
    static void twoInstances() throws Exception {
        Map<String, String> schema = TestStore.postgres().freshSchema();
        a = RunningWarren.start(schema);
        b = RunningWarren.start(schema);
    }

    @AfterAll
    static void stop() throws Exception {
        try (RunningWarren first = a; RunningWarren second = b) {
            // closed in reverse order
        }
    }

    @Test
    void aRetryAfterGivenToOneInstancePausesBothUntilThen() throws Exception {
        String queue = TestBroker.uniqueName("shared-pause");
        // the tenth request is told to come back in 5 s
        OneRetryAfter behaviour = new OneRetryAfter(10, 5, 100);
        try (TargetServer target = TargetServer.start(behaviour)) {
            putGroup(queue, Map.of("count", 4, "type", "http", "target", Map.of("url", target.url()),
                    "retry", Map.of("maxAttempts", 3, "backoffMs", 500), "slowDown", Map.of("increaseEveryMs", 500)));
            awaitSplit(queue, 4);

            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> ids = publishBatch(a, queue, payloads);
            await("the 429").atMost(Duration.ofSeconds(20)).until(() -> behaviour.limited() != null);
            // the instance that got the 429 shows its own pause, the other the same pause told by it
            JsonNode[] states = await("both instances show the pause").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> new JsonNode[] {targetState(a, queue), targetState(b, queue)},
                            both -> both[0].hasNonNull("pausedUntil") && both[1].hasNonNull("pausedUntil"));
            assertSameTime(states[0].path("pausedUntil"), states[1].path("pausedUntil"));
            assertTrue(states[0].hasNonNull("from") ^ states[1].hasNonNull("from"),
                    "one instance was told by the other: " + states[0] + " " + states[1]);
            String from = (states[0].hasNonNull("from") ? states[0] : states[1]).path("from").asText();
            assertTrue(instanceIds(a, queue).stream().anyMatch(id -> from.equals("instance " + id)), from);

            await("every task delivered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> behaviour.delivered().containsAll(ids));
            // requests the consumers of either instance had sent when the 429 came may still arrive just after it
            OneRetryAfter.Quiet quiet = behaviour.quietAfter(target, 500);
            assertTrue(quiet.ms() >= 4_900, "no request from either instance for 5 s after the 429: " + quiet);
            assertEquals(0, BROKER.ready(queue + ".dlq"), "nothing dead-lettered");
            a.http.delete("/api/queues/" + queue);
        } finally {
            BROKER.deleteQueues(queue, queue + ".dlq");
        }
    }

    @Test
    void aBreakerOneInstanceOpensKeepsTheOthersConsumersFromTheTargetUntilTheSameTime() throws Exception {
        String queue = TestBroker.uniqueName("shared-breaker");
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (TargetServer target = TargetServer.start(request -> Answer.status(503))) {
            // one consumer, on one of the instances: the other has none until the breaker is open
            putGroup(queue, Map.of("count", 1, "type", "http", "target", Map.of("url", target.url()),
                    "retry", Map.of("maxAttempts", 10, "backoffMs", 200),
                    "circuitBreaker", Map.of("failureThreshold", 3, "coolOffMs", 6000)));
            awaitSplit(queue, 1);
            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> ids = publishBatch(b, queue, payloads);

            JsonNode[] states = await("the breaker open on both instances").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> new JsonNode[] {targetState(a, queue), targetState(b, queue)},
                            both -> "open".equals(both[0].path("circuit").asText())
                                    && "open".equals(both[1].path("circuit").asText()));
            assertTrue(states[0].hasNonNull("from") ^ states[1].hasNonNull("from"),
                    "one instance opened it, the other was told: " + states[0] + " " + states[1]);
            JsonNode opener = states[0].hasNonNull("from") ? states[1] : states[0];
            JsonNode told = states[0].hasNonNull("from") ? states[0] : states[1];
            assertSameTime(opener.path("openUntil"), told.path("openUntil"));
            assertEquals("HTTP 503", told.path("lastError").asText());
            Instant openedAt = Instant.parse(opener.path("openedAt").asText());
            Instant openUntil = Instant.parse(opener.path("openUntil").asText());

            // now both instances run consumers, and the target answers again: none may call it before openUntil
            Http.Response scaled = a.http.post("/api/queues/" + queue + "/workers/scale", "{\"count\": 4}");
            assertEquals(200, scaled.status(), scaled.body());
            awaitConsumers(queue, 4, Duration.ofSeconds(5));
            assertTrue(Instant.now().isBefore(openUntil.minusSeconds(2)), "scaled well within the cool-off");
            target.behave(request -> {
                delivered.add(request.webhookId());
                return Answer.ok();
            });

            await("every task delivered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> delivered.containsAll(ids));
            // the opener's in-flight calls ended when it opened; the other had none (and would have found 503s)
            List<Instant> duringCoolOff = target.requests().stream().map(TargetServer.Request::at)
                    .filter(at -> at.isAfter(openedAt.plusMillis(500)) && at.isBefore(openUntil.minusMillis(50))).toList();
            assertEquals(List.of(), duringCoolOff, "no call from either instance until " + openUntil);
            for (RunningWarren instance : List.of(a, b)) {
                await("closed on both").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> targetState(instance, queue).path("circuit").asText(), "closed"::equals);
            }
            assertEquals(0, BROKER.ready(queue + ".dlq"), "nothing dead-lettered");
            a.http.delete("/api/queues/" + queue);
        } finally {
            BROKER.deleteQueues(queue, queue + ".dlq");
        }
    }

    @Test
    void anOldUrlsFailureOnOneInstanceDoesNotOpenTheNewUrlsBreakerOnTheOther() throws Exception {
        String queue = TestBroker.uniqueName("news-url");
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (TargetServer old = TargetServer.start(request -> Answer.status(503).after(3_000));
             TargetServer current = TargetServer.start(request -> {
                 delivered.add(request.webhookId());
                 return Answer.ok().after(100);
             })) {
            putGroup(queue, spec(1, old.url()));
            RunningWarren[] split = await("one instance runs the consumer").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        boolean aRuns = consumersOn(a, queue) == 1;
                        boolean bRuns = consumersOn(b, queue) == 1;
                        return aRuns ^ bRuns ? (aRuns ? new RunningWarren[] {a, b} : new RunningWarren[] {b, a}) : null;
                    }, Objects::nonNull);
            RunningWarren x = split[0];
            RunningWarren y = split[1];
            List<String> ids = new ArrayList<>(List.of(publish(y, queue, Map.of("n", 0))));
            await("x's call to the old URL is out").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> old.requests().size() == 1);

            // y takes the change at once; x's call still out ends with a 503 from the old URL after it, opening x's
            // old gate, which tells y
            WarrenCalls.putGroup(y, queue, spec(4, current.url()));
            await("y runs consumers for the new URL").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> consumersOn(y, queue) > 0);
            await("x's old call ended").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> old.endedNanos(old.requests().get(0)).isPresent());

            List<Object> payloads = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                payloads.add(Map.of("n", i));
            }
            ids.addAll(publishBatch(y, queue, payloads));
            // well within the 60 s cool-off: a breaker open on y would hold y's share of the tasks for all of it
            await("every task delivered to the new URL").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        JsonNode state = targetState(y, queue);
                        assertNotEquals("open", state.path("circuit").asText(),
                                "y's breaker for the new URL: " + state);
                        return delivered.containsAll(ids);
                    });
            for (RunningWarren instance : List.of(x, y)) {
                assertEquals("closed", targetState(instance, queue).path("circuit").asText());
            }
            assertEquals(1, old.requests().size(), "nothing went to the old URL after the change");
            assertEquals(0, BROKER.ready(queue + ".dlq"), "nothing dead-lettered");
            a.http.delete("/api/queues/" + queue);
        } finally {
            BROKER.deleteQueues(queue, queue + ".dlq");
        }
    }

    /** The same time on both instances, give or take the notification's way from one to the other. */
    private static void assertSameTime(JsonNode one, JsonNode other) {
        long apart = Math.abs(Duration.between(Instant.parse(one.asText()), Instant.parse(other.asText())).toMillis());
        assertTrue(apart <= 200, "until the same time: " + one + " and " + other);
    }

    private static void putGroup(String queue, Map<String, Object> spec) {
        assertEquals(201, a.http.put("/api/queues/" + queue, "{}").status());
        Http.Response put = a.http.put("/api/queues/" + queue + "/workers", Http.json(spec));
        assertEquals(200, put.status(), put.body());
    }

    /** Waits until both instances know the group and each other, and the broker sees the group's consumers. */
    private static void awaitSplit(String queue, int count) {
        for (RunningWarren instance : List.of(a, b)) {
            await("each instance knows both").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> instanceIds(instance, queue).size() == 2);
        }
        awaitConsumers(queue, count, Duration.ofSeconds(10));
    }

    private static List<String> instanceIds(RunningWarren instance, String queue) {
        Http.Response response = instance.http.get("/api/queues/" + queue + "/workers");
        List<String> ids = new ArrayList<>();
        if (response.status() == 200) {
            response.json().path("instances").forEach(i -> ids.add(i.path("instance").asText()));
        }
        return ids;
    }

    private static JsonNode targetState(RunningWarren instance, String queue) {
        return group(instance, queue).path("targetState");
    }

    private static Map<String, Object> spec(int count, String url) {
        return Map.of("count", count, "type", "http", "target", Map.of("url", url),
                "retry", Map.of("maxAttempts", 5, "backoffMs", 100),
                "circuitBreaker", Map.of("failureThreshold", 1, "coolOffMs", 60_000, "maxCoolOffMs", 60_000));
    }

    private static int consumersOn(RunningWarren instance, String queue) {
        return group(instance, queue).path("consumers").size();
    }
}
