package dev.warren.workers;

import dev.warren.support.TargetServer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.warren.ops.OpsFixtures.metric;
import static dev.warren.ops.OpsFixtures.metrics;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A worker group's circuit and rate-limit gauges go with the group, or with the setting, instead of keeping their last value. */
class GroupGaugesIT extends WarrenPerClass {

    @Test
    void deletingAGroupRemovesItsCircuitAndRateLimitGauges() {
        String queue = declaredQueue(warren, "group-gauges");
        try (TargetServer target = TargetServer.start()) {
            putGroupWithBreakerAndLimit(queue, target);
            String before = metrics(warren);
            assertEquals(0.0, metric(before, "warren_circuit_state", Map.of("queue", queue)), before);
            assertEquals(20.0, metric(before, "warren_rate_limit", Map.of("queue", queue)), before);

            assertEquals(204, warren.http.delete("/api/queues/" + queue + "/workers").status());
            String after = metrics(warren);
            assertNull(metric(after, "warren_circuit_state", Map.of("queue", queue)), after);
            assertNull(metric(after, "warren_rate_limit", Map.of("queue", queue)), after);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void droppingTheBreakerAndTheLimitFromAGroupRemovesTheirGauges() {
        String queue = declaredQueue(warren, "group-gauges-setting");
        try (TargetServer target = TargetServer.start()) {
            putGroupWithBreakerAndLimit(queue, target);
            assertNotNull(metric(metrics(warren), "warren_circuit_state", Map.of("queue", queue)));

            putGroup(warren, queue, httpGroup(1, target.url(), null));
            String after = metrics(warren);
            assertNull(metric(after, "warren_circuit_state", Map.of("queue", queue)), after);
            assertNull(metric(after, "warren_rate_limit", Map.of("queue", queue)), after);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    private void putGroupWithBreakerAndLimit(String queue, TargetServer target) {
        Map<String, Object> spec = httpGroup(1, target.url(), null);
        spec.put("circuitBreaker", Map.of("failureThreshold", 3));
        spec.put("rateLimit", Map.of("perSecond", 20, "burst", 5));
        putGroup(warren, queue, spec);
    }
}
