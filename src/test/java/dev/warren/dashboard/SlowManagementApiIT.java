package dev.warren.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.SlowManagementApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/overview while RabbitMQ's management API is slow: answered at once, from the last counts with their time. */
class SlowManagementApiIT {

    @Test
    void aSlowManagementApiHoldsUpNoOverviewAndTheCountsFollowOnceItAnswers() throws Exception {
        try (SlowManagementApi api = new SlowManagementApi();
             RunningWarren warren = RunningWarren.start(Map.of("warren.rabbitmq.management-uri", api.uri()))) {
            String queue = declaredQueue(warren, "slow-management");
            try {
                await("the queue counted").atMost(Duration.ofSeconds(10))
                        .until(() -> overview(warren), overview -> summary(overview, queue) != null);
                api.hold();
                await("reads let through before answered").atMost(Duration.ofSeconds(10)).until(() -> api.forwarding() == 0);
                Instant held = Instant.now();
                publish(warren, queue, Map.of("n", 1));
                await("a read of the counts waits on the management API").atMost(Duration.ofSeconds(10))
                        .until(() -> overview(warren) != null && api.waiting() > 0);

                // the management client gives up after 5 s: an overview that waited on the read would take that long
                JsonNode during = CompletableFuture.supplyAsync(() -> overview(warren)).get(3, TimeUnit.SECONDS);
                assertTrue(api.waiting() > 0, "answered while the management API still holds the read");
                assertEquals(0, summary(during, queue).path("ready").asLong(), "the last counts: " + during);

                JsonNode slow = await("the counts said to be slow").atMost(Duration.ofSeconds(10))
                        .until(() -> overview(warren), overview -> problems(overview).contains("management API is slow"));
                assertFalse(slow.path("ready").asBoolean(), slow.toString());
                assertEquals(during.path("countsAt"), slow.path("countsAt"), "the same counts with their time: " + slow);
                JsonNode timedOut = await("the read given up").atMost(Duration.ofSeconds(15))
                        .until(() -> overview(warren), overview -> problems(overview).contains("did not answer within 5 s"));
                assertFalse(timedOut.toString().contains("rabbitmq_management"), "no advice to enable the plugin: " + timedOut);
                assertFalse(timedOut.toString().contains("set warren.rabbitmq.management-uri"), timedOut.toString());
                assertEquals(during.path("countsAt"), timedOut.path("countsAt"), "the last counts with their time: " + timedOut);
                assertTrue(Instant.parse(timedOut.path("at").asText()).isAfter(Instant.parse(during.path("at").asText())),
                        "the answer's own time moves on: " + timedOut);

                api.release();
                JsonNode after = await("the counts once the management API answers").atMost(Duration.ofSeconds(15))
                        .until(() -> overview(warren), overview -> summary(overview, queue) != null
                                && summary(overview, queue).path("ready").asLong() == 1 && overview.path("ready").asBoolean());
                assertTrue(Instant.parse(after.path("countsAt").asText()).isAfter(held), after.toString());
                assertEquals("[]", after.path("problems").toString());
            } finally {
                api.release();
                deleteQueue(warren, queue);
            }
        }
    }

    private static JsonNode overview(RunningWarren warren) {
        Http.Response overview = warren.http.get("/api/overview");
        assertEquals(200, overview.status(), overview.body());
        return overview.json();
    }

    private static JsonNode summary(JsonNode overview, String queue) {
        for (JsonNode summary : overview.path("queues")) {
            if (summary.path("name").asText().equals(queue)) {
                return summary;
            }
        }
        return null;
    }

    private static String problems(JsonNode overview) {
        return overview.path("problems").toString();
    }
}
