package dev.warren.ops;

import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliveries while the PostgreSQL store hangs: no message is acknowledged before its outcome is recorded, the
 * consumers pause instead of burning a quorum queue's delivery limit, and everything finishes once the store is back.
 */
class StoreOutageDeliveryIT {

    private static final int TASKS = 40;

    @Test
    void deliveriesDuringAStoreOutageAreAllDeliveredAndFinishedOnceItIsBack() throws Exception {
        Map<String, String> schema = TestStore.postgres().freshSchema();
        URI jdbc = URI.create(schema.get("warren.store.url").substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(jdbc.getHost(), jdbc.getPort() == -1 ? 5432 : jdbc.getPort());
             TargetServer target = TargetServer.start(request -> Answer.ok().after(100))) {
            Map<String, String> properties = new LinkedHashMap<>(schema);
            properties.put("warren.store.url", schema.get("warren.store.url")
                    .replace(jdbc.getHost() + ":" + jdbc.getPort(), "127.0.0.1:" + proxy.port()));
            RunningWarren warren = RunningWarren.start(properties);
            String queue = TestBroker.uniqueName("store-outage-delivery");
            try {
                // a small delivery limit: claims given back again and again during the outage would dead-letter
                assertEquals(201, warren.http.put("/api/queues/" + queue, "{\"deliveryLimit\":3}").status());
                putGroup(warren, queue, Map.of("count", 2, "type", "http", "target", Map.of("url", target.url())));
                List<String> ids = publishBatch(warren, queue, IntStream.range(0, TASKS).mapToObj(n -> Map.of("n", n)).toList());
                await("some deliveries").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> target.requests().size() >= 4);

                proxy.pause();
                await("consumers paused").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> TestBroker.get().consumers(queue) == 0);
                int deliveredWhilePaused = target.requests().size();
                // hold the outage a while: consumers that kept claiming would hit the delivery limit of 3 by now
                await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
                assertEquals(deliveredWhilePaused, target.requests().size(), "nothing is delivered while paused");
                assertEquals(0, TestBroker.get().ready(queue + ".dlq"), "nothing dead-lettered during the outage");

                proxy.resume();
                await("every task delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> ids.stream().allMatch(id -> !target.attemptsOf(id).isEmpty()));
                await("every job finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> unfinished(warren, ids).isEmpty());
                assertEquals(0, TestBroker.get().ready(queue + ".dlq"), "nothing dead-lettered");
                assertTrue(TestBroker.get().consumers(queue) >= 2, "consumers resumed");
                System.out.println("StoreOutageDeliveryIT: " + target.requests().size() + " requests for " + TASKS
                        + " tasks");
            } finally {
                proxy.resume();
                warren.http.delete("/api/queues/" + queue);
                warren.close();
            }
        }
    }

    private static List<String> unfinished(RunningWarren warren, List<String> ids) {
        List<String> unfinished = new ArrayList<>();
        for (String id : ids) {
            String status = warren.http.get("/api/jobs/" + id).json().path("status").asText();
            if (!"finished".equals(status)) {
                unfinished.add(id + " " + status);
            }
        }
        return unfinished;
    }
}
