package dev.warren.instances;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.support.WarrenCalls.publishBatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's rate limit holds for the whole group when two instances on one PostgreSQL schema share its consumers. */
class RateLimitOnTwoInstancesIT {

    private static final double PER_SECOND = 50;
    private static final Duration WINDOW = Duration.ofSeconds(30);

    @Test
    void twoInstancesTogetherDeliverAtTheGroupsLimit() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String queue = TestBroker.uniqueName("rate-two");
        try (TargetServer target = TargetServer.start();
             RunningWarren a = RunningWarren.start(schema);
             RunningWarren b = RunningWarren.start(schema)) {
            assertEquals(201, a.http.put("/api/queues/" + queue, "{}").status());
            Http.Response put = a.http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 4, "type", "http",
                    "target", Map.of("url", target.url()), "rateLimit", Map.of("perSecond", PER_SECOND, "burst", 10))));
            assertEquals(200, put.status(), put.body());
            // each instance runs half of the consumers, so each allows half of the rate
            for (RunningWarren instance : List.of(a, b)) {
                await("each instance knows both").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> group(instance, queue), view -> view.path("instances").size() == 2
                                && view.path("rateLimitState").path("perSecond").asDouble() == PER_SECOND / 2);
                JsonNode state = group(instance, queue).path("rateLimitState");
                assertEquals(5, state.path("burst").asInt(), "half of the burst: " + state);
            }
            awaitConsumers(queue, 4, Duration.ofSeconds(10));

            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                payloads.add(Map.of("n", i));
            }
            publishBatch(a, queue, payloads);
            publishBatch(b, queue, payloads);

            await("half a minute of deliveries").atMost(WINDOW.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> target.spans(WINDOW));
            TargetServer.Window window = target.window(WINDOW);
            assertTrue(Math.abs(window.perSecond() - PER_SECOND) <= PER_SECOND * 0.1,
                    "both instances together within 10 % of " + PER_SECOND + "/s: " + window);
            assertTrue(broker.ready(queue) > 0, "the backlog lasted the whole window");
            assertTrue(group(a, queue).path("rateLimitState").path("waits").asLong() > 0
                    && group(b, queue).path("rateLimitState").path("waits").asLong() > 0, "both instances waited for permits");
            a.http.delete("/api/queues/" + queue);
        } finally {
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }
}
