package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.broker;
import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.security.SecurityFixtures.put;
import static dev.warren.security.SecurityFixtures.with;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A PUT either applies completely or leaves the running group as it was: a re-PUT that is refused (a bad parameter
 * value, a denied target, a route its type cannot make with the new values) answers 4xx, and the group keeps its
 * consumers on the broker, its configuration, and keeps delivering.
 */
class AtomicPutIT {

    static Path routes;
    static RunningWarren warren;

    private String queue;
    private TargetServer target;

    @BeforeAll
    static void start() throws Exception {
        routes = SecurityFixtures.routesWithLabelledType();
        warren = SecurityFixtures.warrenOn(routes);
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    @BeforeEach
    void runningGroup() {
        queue = declaredQueue(warren, "atomic");
        target = TargetServer.start();
        putGroup(warren, queue, with(group("labelled", 2, target.url("/hook")), "parameters", Map.of("label", "first")));
        awaitConsumers(queue, 2, Duration.ofSeconds(10));
    }

    @AfterEach
    void delete() {
        target.close();
        deleteQueue(warren, queue);
    }

    /** The group still has its 2 consumers and its first configuration, and a new task is delivered as before. */
    private void assertStillRunningAsBefore() {
        assertEquals(2, broker().consumers(queue), "the group kept its consumers");
        JsonNode view = warren.http.get("/api/queues/" + queue + "/workers").json();
        assertEquals("first", view.path("parameters").path("label").asText(), "its configuration is unchanged: " + view);
        assertEquals(target.url("/hook"), view.path("target").path("url").asText(), view.toString());
        String id = publish(warren, queue, Map.of("n", 1));
        await("a new task delivered").atMost(Duration.ofSeconds(15)).until(() -> !target.attemptsOf(id).isEmpty());
        assertEquals("first", target.attemptsOf(id).get(0).body(), "by the first route");
    }

    @Test
    void aRePutWithAHostileParameterValueIsRefusedAndTheGroupRunsOn() {
        Map<String, Object> spec = with(group("labelled", 3, target.url("/hook")), "parameters",
                Map.of("label", "{{env:HOME}}"));
        assertInvalid(put(warren, queue, spec), "parameters.label");
        assertStillRunningAsBefore();
    }

    @Test
    void aRePutWithADeniedTargetIsRefusedAndTheGroupRunsOn() {
        assertInvalid(put(warren, queue, group("labelled", 3, "http://169.254.169.254/latest/meta-data/")), "target.url");
        assertInvalid(put(warren, queue, group("labelled", 3, target.url("/hook") + "?x=#class:java.lang.Object")),
                "target.url");
        assertStillRunningAsBefore();
    }

    @Test
    void aRePutWhoseRouteCannotBeMadeIsRefusedAndTheGroupRunsOn() {
        // an inert value, but not a log level: only making the route shows that
        Http.Response response = put(warren, queue, with(group("labelled", 3, target.url("/other")), "parameters",
                Map.of("label", "second", "level", "LOUD")));
        JsonNode problem = assertInvalid(response, "parameters");
        assertFalse(problem.toString().contains("LoggingLevel"), "no Java class in the answer: " + problem);
        assertStillRunningAsBefore();
        assertEquals(0, target.requests().stream().filter(r -> r.path().equals("/other")).count(), "nothing went to /other");
    }

    @Test
    void aRePutWithAnUnknownTypeIsRefusedAndTheGroupRunsOn() {
        assertProblem(put(warren, queue, group("no-such-type", 3, target.url("/hook"))), 400);
        assertStillRunningAsBefore();
    }

    @Test
    void aValidRePutStillReplacesTheRoute() {
        putGroup(warren, queue, with(group("labelled", 1, target.url("/hook")), "parameters", Map.of("label", "second")));
        awaitConsumers(queue, 1, Duration.ofSeconds(10));
        String id = publish(warren, queue, Map.of("n", 2));
        await("delivered by the new route").atMost(Duration.ofSeconds(15)).until(() -> !target.attemptsOf(id).isEmpty());
        assertEquals("second", target.attemptsOf(id).get(0).body());
    }
}
