package dev.warren.instances;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Live instances: a heartbeat newer than the expiry by the store's clock, sorted by id. */
class LiveInstancesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");

    private static Instance beat(String id, int secondsAgo) {
        return new Instance(id, "host", NOW.minusSeconds(secondsAgo), Map.of(), Map.of());
    }

    @Test
    void anInstanceIsLiveWhileItsHeartbeatIsNewerThanTheExpiry() {
        List<Instance> rows = List.of(beat("c", 1), beat("a", 5), beat("b", 6), beat("d", 60));
        assertEquals(List.of("a", "c"), LiveInstances.ids(LiveInstances.live(rows, NOW, Duration.ofSeconds(6))));
    }

    @Test
    void noRowsNoLiveInstances() {
        assertEquals(List.of(), LiveInstances.live(List.of(), NOW, Duration.ofSeconds(6)));
    }
}
