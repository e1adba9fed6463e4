package dev.warren.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.warren.routes.RoutesFixtures.RELOAD_WITHIN;
import static dev.warren.routes.RoutesFixtures.assertApiAnswers;
import static dev.warren.routes.RoutesFixtures.awaitDrained;
import static dev.warren.routes.RoutesFixtures.deleteRouteFile;
import static dev.warren.routes.RoutesFixtures.deleteRouteFileIfPresent;
import static dev.warren.routes.RoutesFixtures.fixture;
import static dev.warren.routes.RoutesFixtures.groupOf;
import static dev.warren.routes.RoutesFixtures.workerType;
import static dev.warren.routes.RoutesFixtures.workerTypes;
import static dev.warren.routes.RoutesFixtures.writeRouteFile;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file of routes/ whose ids warren reserves or that are taken (a worker group's route, one of warren's own, another
 * file's type) is refused with its error in GET /api/worker-types, and the live groups keep consuming.
 */
class RouteFileIdsIT extends WarrenOnRouteCopy {

    private static String route(String id, String from) {
        return fixture("plain-route.yaml", Map.of("ID", id, "FROM", from));
    }

    /** The shipped log.yaml under its own id, with a different log message. */
    private static String copyOfLog() throws java.io.IOException {
        return java.nio.file.Files.readString(routes.resolve("log.yaml")).replace("Task ${", "Copied task ${");
    }

    /** Waits until GET /api/worker-types shows an error for this file (listed under its name) mentioning text. */
    private static JsonNode awaitFileError(String file, String text) {
        String name = file.replace(".yaml", "");
        await("the error of " + file + " in GET /api/worker-types").atMost(RELOAD_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode listed = workerType(warren, name);
                    return listed != null && listed.path("error").asText().contains(text);
                });
        JsonNode listed = workerType(warren, name);
        assertEquals(routes.resolve(file).toString(), listed.path("file").asText(), listed.toString());
        return listed;
    }

    private static void assertConsumes(String queue, int before, int tasks) {
        publishBatch(warren, queue, java.util.stream.IntStream.range(0, tasks).mapToObj(i -> Map.of("n", i)).toList());
        awaitDrained(warren, queue, Duration.ofSeconds(10));
        await(tasks + " more tasks done by the group").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> group(warren, queue).path("succeeded").asLong() == before + tasks);
        JsonNode view = group(warren, queue);
        assertEquals("running", view.path("state").asText(), view.toString());
        assertEquals(2, view.path("running").asInt(), view.toString());
    }

    @Test
    void aFileTakingAGroupsRouteIdOrOneOfWarrensIsRefusedAndTheGroupKeepsConsuming() {
        String queue = declaredQueue(warren, "ids-walk");
        String workerFile = TestBroker.uniqueName("walk") + ".yaml";
        String apiFile = TestBroker.uniqueName("api") + ".yaml";
        try {
            putGroup(warren, queue, groupOf("log", 2, null));
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            assertConsumes(queue, 0, 5);

            writeRouteFile(routes, workerFile, route("worker-" + queue, "direct:walk2x"));
            writeRouteFile(routes, apiFile, route("api-list-queues", "direct:api-taken"));
            awaitFileError(workerFile, "route id 'worker-" + queue + "' starts with 'worker-'");
            awaitFileError(apiFile, "route id 'api-list-queues' is already one of warren's own routes");

            assertEquals("spring-rabbitmq://default", warren.camel().getRoute("worker-" + queue).getEndpoint()
                    .getEndpointUri().replaceAll("\\?.*", ""), "the group's route is its own");
            assertConsumes(queue, 5, 5);
            assertApiAnswers(warren);

            deleteRouteFile(routes, workerFile);
            deleteRouteFile(routes, apiFile);
            await("the refused files leave GET /api/worker-types").atMost(RELOAD_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> workerType(warren, workerFile.replace(".yaml", "")) == null
                            && workerType(warren, apiFile.replace(".yaml", "")) == null);
            assertConsumes(queue, 10, 5);
            assertApiAnswers(warren);
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, workerFile);
            deleteRouteFileIfPresent(routes, apiFile);
        }
    }

    /** The error of a type defined in these two files (in the order of their names). */
    private static String definedTwice(java.nio.file.Path directory, String type, String first, String second) {
        return "template id '" + type + "' is defined in 2 files, " + directory.resolve(first) + " and "
                + directory.resolve(second) + "; keep it in one of them";
    }

    @Test
    void aSecondFileDefiningAShippedTypePutsItInErrorAndItsGroupsKeepTheirDefinitionUntilOneFileIsLeft() throws Exception {
        String queue = declaredQueue(warren, "ids-log");
        String other = declaredQueue(warren, "ids-log-new");
        String file = "a-" + TestBroker.uniqueName("log") + ".yaml";
        try {
            putGroup(warren, queue, groupOf("log", 2, null));
            awaitConsumers(queue, 2, Duration.ofSeconds(5));

            writeRouteFile(routes, file, copyOfLog());
            awaitFileError(file, "template id 'log' is already defined by " + routes.resolve("log.yaml"));

            String error = definedTwice(routes, "log", file, "log.yaml");
            List<JsonNode> logs = workerTypes(warren).stream().filter(t -> t.path("name").asText().equals("log")).toList();
            assertEquals(1, logs.size(), "log is listed once: " + workerTypes(warren));
            assertEquals(routes.resolve("log.yaml").toString(), logs.get(0).path("file").asText(), logs.toString());
            assertEquals(error, logs.get(0).path("error").asText(), logs.toString());
            assertTrue(group(warren, queue).path("error").asText().contains(error), group(warren, queue).toString());
            assertConsumes(queue, 0, 5);
            JsonNode refused = assertInvalid(warren.http.put("/api/queues/" + other + "/workers",
                    Http.json(groupOf("log", 1, null))), "type");
            assertTrue(refused.toString().contains(error), refused.toString());
            assertApiAnswers(warren);

            deleteRouteFile(routes, file);
            await("log is defined once again").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> workerType(warren, "log").path("error").isNull());
            assertNull(group(warren, queue).path("error").textValue(), group(warren, queue).toString());
            putGroup(warren, other, groupOf("log", 1, null));
            awaitConsumers(other, 1, Duration.ofSeconds(5));
            assertConsumes(queue, 5, 5);
        } finally {
            deleteQueue(warren, queue);
            deleteQueue(warren, other);
            deleteRouteFileIfPresent(routes, file);
        }
    }

    @Test
    void atStartUpATypeInTwoFilesIsInErrorAndItsGroupsStartOnceOneFileIsLeft() throws Exception {
        java.nio.file.Path copy = RoutesFixtures.copyOfShippedRoutes();
        String queue = declaredQueue(warren, "ids-start");
        String other = declaredQueue(warren, "ids-start-new");
        dev.warren.support.RunningWarren instance = RoutesFixtures.startOn(copy);
        try {
            putGroup(instance, queue, groupOf("log", 1, null));
            awaitConsumers(queue, 1, Duration.ofSeconds(5));
            String copiedLog = copyOfLog();
            instance = instance.restart(() -> writeRouteFile(copy, "a-log.yaml", copiedLog));
            dev.warren.support.RunningWarren restarted = instance;

            List<JsonNode> types = workerTypes(restarted);
            JsonNode log = types.stream().filter(t -> t.path("name").asText().equals("log")).findFirst().orElseThrow();
            assertEquals(1, types.stream().filter(t -> t.path("name").asText().equals("log")).count(), types.toString());
            String error = definedTwice(copy, "log", "a-log.yaml", "log.yaml");
            assertEquals(error, log.path("error").asText(), log.toString());
            JsonNode refused = types.stream().filter(t -> t.path("name").asText().equals("log.yaml")).findFirst()
                    .orElseThrow(() -> new AssertionError("log.yaml's refusal is listed: " + types));
            assertEquals("template id 'log' is already defined by " + copy.resolve("a-log.yaml"),
                    refused.path("error").asText(), refused.toString());
            JsonNode stored = group(restarted, queue);
            assertTrue(stored.path("error").asText().contains(error), stored.toString());
            assertEquals(0, stored.path("running").asInt(), "no group is made of a type in error: " + stored);
            JsonNode problem = assertInvalid(restarted.http.put("/api/queues/" + other + "/workers",
                    Http.json(groupOf("log", 1, null))), "type");
            assertTrue(problem.toString().contains(error), problem.toString());

            deleteRouteFile(copy, "a-log.yaml");
            await("log is defined once again").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> workerType(restarted, "log").path("error").isNull());
            awaitConsumers(queue, 1, Duration.ofSeconds(10));
            assertNull(group(restarted, queue).path("error").textValue(), group(restarted, queue).toString());
        } finally {
            instance.close();
            deleteQueue(warren, queue);
            deleteQueue(warren, other);
            RoutesFixtures.deleteRecursively(copy);
        }
    }

    @Test
    void aTargetForATypeThatTakesNoneIsRefusedNamingIt() {
        String queue = declaredQueue(warren, "ids-target");
        try {
            Http.Response refused = warren.http.put("/api/queues/" + queue + "/workers",
                    Http.json(groupOf("log", 1, "http://127.0.0.1:9/never")));
            JsonNode problem = assertInvalid(refused, "target");
            assertTrue(problem.toString().contains("type log takes no target"), problem.toString());
            assertEquals(404, warren.http.get("/api/queues/" + queue + "/workers").status(), "no group was made");
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
