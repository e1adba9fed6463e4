package dev.warren.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.warren.routes.RoutesFixtures.RELOAD_WITHIN;
import static dev.warren.routes.RoutesFixtures.assertDelivered;
import static dev.warren.routes.RoutesFixtures.awaitType;
import static dev.warren.routes.RoutesFixtures.deleteRouteFileIfPresent;
import static dev.warren.routes.RoutesFixtures.groupOf;
import static dev.warren.routes.RoutesFixtures.groupOnNewType;
import static dev.warren.routes.RoutesFixtures.versionedHttp;
import static dev.warren.routes.RoutesFixtures.workerType;
import static dev.warren.routes.RoutesFixtures.writeRouteFile;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change of a type that a running group cannot take (a parameter it lacks, one it passes in vain) shows in the
 * group's view and in the type's entry of GET /api/worker-types, while the group keeps delivering with its last good
 * version, until the type or the group is fixed.
 */
class TypeChangesGroupsCannotTakeIT extends WarrenOnRouteCopy {

    /** versioned-http.yaml with one more declared parameter, color, after target. */
    private static String withColor(String type, String version, String colorDeclaration, String extraStep) {
        return versionedHttp(type, version, extraStep).replace("      - name: target\n",
                "      - name: target\n      - name: color\n" + colorDeclaration);
    }

    /** Waits until the group's view and its type's entry both say that the group could not take the change. */
    private static void awaitNotTaken(String type, String queue, String mentions) {
        await("the group " + queue + " shows it could not take the change of " + type).atMost(RELOAD_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> group(warren, queue).path("error").asText().contains(mentions));
        JsonNode view = group(warren, queue);
        assertTrue(view.path("error").asText().contains("could not take the latest definition of worker type '" + type
                + "'"), view.toString());
        assertEquals("running", view.path("state").asText(), view.toString());
        JsonNode listed = workerType(warren, type);
        assertTrue(listed.path("error").isNull(), "the type itself is fine for groups that can take it: " + listed);
        JsonNode notTakenBy = listed.path("notTakenBy");
        assertEquals(1, notTakenBy.size(), listed.toString());
        assertEquals(queue, notTakenBy.get(0).path("queue").asText(), listed.toString());
        assertTrue(notTakenBy.get(0).path("error").asText().contains(mentions), listed.toString());
        Http.Response ready = warren.http.get("/observe/health/ready");
        assertEquals(200, ready.status(), "the group still runs, as with a broken type file: " + ready.body());
    }

    private static void awaitTaken(String type, String queue) {
        await("the group " + queue + " runs the latest definition of " + type).atMost(RELOAD_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !group(warren, queue).hasNonNull("error"));
        JsonNode listed = workerType(warren, type);
        assertTrue(listed.path("error").isNull(), listed.toString());
        assertEquals(0, listed.path("notTakenBy").size(), listed.toString());
    }

    @Test
    void aTypeNeedingAParameterTheGroupLacksShowsInBothViewsUntilTheTypeIsFixed() {
        String type = TestBroker.uniqueName("colorful");
        String file = type + ".yaml";
        String queue = declaredQueue(warren, "change-needs");
        try (TargetServer target = TargetServer.start()) {
            groupOnNewType(warren, routes, file, type, queue, 2, target);

            writeRouteFile(routes, file, withColor(type, "2", "", "- setHeader: {name: X-Color, constant: \"{{color}}\"}"));
            awaitNotTaken(type, queue, "needs the template parameter 'color'");
            assertDelivered(warren, target, publish(warren, queue, Map.of("while", "not taken")), "1");

            writeRouteFile(routes, file, withColor(type, "3", "        defaultValue: \"blue\"\n",
                    "- setHeader: {name: X-Color, constant: \"{{color}}\"}"));
            awaitTaken(type, queue);
            assertDelivered(warren, target, publish(warren, queue, Map.of("after", "fixing the type")), "3");
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, file);
        }
    }

    @Test
    void aTypeDroppingAParameterTheGroupPassesShowsInBothViewsUntilTheGroupIsSetAgain() {
        String type = TestBroker.uniqueName("fading");
        String file = type + ".yaml";
        String queue = declaredQueue(warren, "change-drops");
        try (TargetServer target = TargetServer.start()) {
            writeRouteFile(routes, file, withColor(type, "1", "        defaultValue: \"blue\"\n", ""));
            awaitType(warren, type);
            Map<String, Object> spec = new java.util.LinkedHashMap<>(groupOf(type, 2, target.url()));
            spec.put("parameters", Map.of("color", "red"));
            putGroup(warren, queue, spec);
            awaitConsumers(queue, 2, Duration.ofSeconds(5));

            writeRouteFile(routes, file, versionedHttp(type, "2", ""));
            awaitNotTaken(type, queue, "parameters.color: is not a parameter");
            assertDelivered(warren, target, publish(warren, queue, Map.of("while", "not taken")), "1");
            Http.Response again = warren.http.put("/api/queues/" + queue + "/workers", Http.json(spec));
            assertEquals(400, again.status(), "the same values cannot make the new definition: " + again.body());
            assertTrue(group(warren, queue).hasNonNull("error"), "still shown after the refused PUT");

            putGroup(warren, queue, groupOf(type, 2, target.url()));
            awaitTaken(type, queue);
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            assertDelivered(warren, target, publish(warren, queue, Map.of("after", "fixing the group")), "2");
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, file);
        }
    }

    @Test
    void aChangeTheGroupCannotTakeArrivingWhileItFinishesATaskLeavesItRunningItsLastGoodVersion() {
        String type = TestBroker.uniqueName("shifting");
        String file = type + ".yaml";
        String queue = declaredQueue(warren, "change-meanwhile");
        // under the test target's 10 s limit on a held request, well over a reload
        try (TargetServer target = TargetServer.start(request -> request.body().contains("late")
                ? TargetServer.Answer.ok().after(6_000) : TargetServer.Answer.ok())) {
            groupOnNewType(warren, routes, file, type, queue, 1, target);
            String inHand = publish(warren, queue, Map.of("answered", "late"));
            await("the task in hand at the target").atMost(Duration.ofSeconds(10))
                    .until(() -> !target.attemptsOf(inHand).isEmpty());

            writeRouteFile(routes, file, versionedHttp(type, "2", ""));
            await("the group's consumer stopping for version 2, its task still in hand").atMost(RELOAD_WITHIN)
                    .pollInterval(Duration.ofMillis(50)).until(() -> group(warren, queue).path("running").asInt() == 0);
            writeRouteFile(routes, file, withColor(type, "3", "", "- setHeader: {name: X-Color, constant: \"{{color}}\"}"));
            await("version 3 listed").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> RoutesFixtures.parameters(workerType(warren, type)).containsKey("color"));

            awaitNotTaken(type, queue, "needs the template parameter 'color'");
            awaitConsumers(queue, 1, Duration.ofSeconds(10));
            assertDelivered(warren, target, inHand, "1");
            assertDelivered(warren, target, publish(warren, queue, Map.of("after", "the change")), "1");
            assertEquals(1, target.attemptsOf(inHand).size(), "the task in hand was delivered once");
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, file);
        }
    }
}
