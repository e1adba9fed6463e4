package dev.warren.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.warren.routes.RoutesFixtures.RELOAD_WITHIN;
import static dev.warren.routes.RoutesFixtures.assertApiAnswers;
import static dev.warren.routes.RoutesFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.routes.RoutesFixtures.deleteRouteFile;
import static dev.warren.routes.RoutesFixtures.deleteRouteFileIfPresent;
import static dev.warren.routes.RoutesFixtures.fixture;
import static dev.warren.routes.RoutesFixtures.workerType;
import static dev.warren.routes.RoutesFixtures.workerTypes;
import static dev.warren.routes.RoutesFixtures.writeRouteFile;
import static dev.warren.support.Queues.deleteQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ordinary routes in routes/ (not worker types), such as a heartbeat timer, load, reload and unload with their file. */
class PlainRouteFilesIT extends WarrenOnRouteCopy {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String heartbeat(String id, int periodMs, int repeat, String queue) {
        return fixture("heartbeat.yaml", Map.of("ID", id, "PERIOD", String.valueOf(periodMs),
                "REPEAT", String.valueOf(repeat), "QUEUE", queue));
    }

    @Test
    void aHeartbeatRouteLoadsReloadsUnderItsNewIdAndGoesWithItsFile() {
        String queue = declaredQueue(warren, "heartbeats");
        String file = TestBroker.uniqueName("heartbeat") + ".yaml";
        String first = TestBroker.uniqueName("heartbeat");
        String second = TestBroker.uniqueName("heartbeat");
        try {
            writeRouteFile(routes, file, heartbeat(first, 100, 3, queue));
            await("route " + first + " in the Camel context").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(first) != null);
            await("3 heartbeats published to " + queue).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker().ready(queue) == 3);
            assertEquals(List.of(first + "#1", first + "#2", first + "#3"), heartbeatsOf(broker().drain(queue)));
            assertNull(workerType(warren, file.replace(".yaml", "")), "a file of plain routes is no worker type: "
                    + workerTypes(warren));
            assertApiAnswers(warren);

            writeRouteFile(routes, file, heartbeat(second, 50, 2, queue));
            await("the edited file's route replaces the old one").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(first) == null && warren.camel().getRoute(second) != null);
            await("2 heartbeats of the new route").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker().ready(queue) == 2);
            assertEquals(List.of(second + "#1", second + "#2"), heartbeatsOf(broker().drain(queue)));
            assertApiAnswers(warren);

            deleteRouteFile(routes, file);
            await("the route goes with its file").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(second) == null);
            assertNull(warren.camel().getRoute(first));
            assertNotNull(workerType(warren, "http"), "the worker types stay");
            assertApiAnswers(warren);
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, file);
        }
    }

    @Test
    void aPeriodChangeReloadsARouteThatKeepsItsId() {
        String queue = declaredQueue(warren, "heartbeats-period");
        String file = TestBroker.uniqueName("heartbeat") + ".yaml";
        String id = TestBroker.uniqueName("heartbeat");
        try {
            writeRouteFile(routes, file, heartbeat(id, 60_000, 1, queue));
            await("route " + id + " in the Camel context").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(id) != null);
            var before = warren.camel().getRoute(id);
            await("the first heartbeat").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker().ready(queue) == 1);

            writeRouteFile(routes, file, heartbeat(id, 100, 4, queue));
            await("the route is made anew from the edited file").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(id) != null && warren.camel().getRoute(id) != before);
            await("4 more heartbeats, at the new period").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker().ready(queue) == 5);
            assertEquals("100", warren.camel().getRoute(id).getEndpoint().getEndpointUri().replaceAll(".*period=(\\d+).*", "$1"),
                    warren.camel().getRoute(id).getEndpoint().getEndpointUri());
            assertApiAnswers(warren);
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, file);
        }
    }

    @Test
    void aBrokenPlainRouteFileKeepsItsRouteRunningUntilFixed() {
        String queue = declaredQueue(warren, "heartbeats-broken");
        String file = TestBroker.uniqueName("heartbeat") + ".yaml";
        String id = TestBroker.uniqueName("heartbeat");
        String fixedId = TestBroker.uniqueName("heartbeat");
        try {
            writeRouteFile(routes, file, heartbeat(id, 60_000, 0, queue));
            await("route " + id + " in the Camel context").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(id) != null);

            writeRouteFile(routes, file, heartbeat(id, 60_000, 0, queue).replace("spring-rabbitmq:default", "nosuch:thing"));
            String name = file.replace(".yaml", "");
            await("the file's error in GET /api/worker-types").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> workerType(warren, name) != null && workerType(warren, name).hasNonNull("error"));
            assertNotNull(warren.camel().getRoute(id), "the last good version of the route stays");
            assertTrue(warren.camel().getRouteController().getRouteStatus(id).isStarted(), "and runs");
            assertApiAnswers(warren);

            writeRouteFile(routes, file, heartbeat(fixedId, 60_000, 0, queue));
            await("the fixed file loads").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> warren.camel().getRoute(fixedId) != null && warren.camel().getRoute(id) == null);
            assertNull(workerType(warren, name), "no error left for the file: " + workerTypes(warren));
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFileIfPresent(routes, file);
        }
    }

    /** "{heartbeat}#{n}" of each heartbeat message, in queue order. */
    private static List<String> heartbeatsOf(List<Message> messages) {
        List<String> ids = new ArrayList<>();
        for (Message message : messages) {
            try {
                JsonNode json = MAPPER.readTree(message.getBody());
                ids.add(json.path("heartbeat").asText() + "#" + json.path("n").asText());
            } catch (IOException e) {
                ids.add("not JSON: " + new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return ids;
    }
}
