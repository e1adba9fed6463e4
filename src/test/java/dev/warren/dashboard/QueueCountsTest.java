package dev.warren.dashboard;

import dev.warren.broker.QueueView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueCountsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration REFRESH = Duration.ofMillis(500);

    @Test
    void oneReadAtATimeAndAtMostOncePerRefresh() {
        QueueCounts counts = new QueueCounts(REFRESH);
        assertTrue(counts.startRead(T0));
        assertFalse(counts.startRead(T0.plusSeconds(3)), "one under way: no second one, however long it takes");
        counts.read(List.of(), T0.plusSeconds(3));
        assertTrue(counts.startRead(T0.plusSeconds(3)), "the last started 3 s ago");
        counts.read(List.of(), T0.plusMillis(3100));
        assertFalse(counts.startRead(T0.plusMillis(3400)), "within the refresh of the last start");
        assertTrue(counts.startRead(T0.plusMillis(3500)));
    }

    @Test
    void theLastCountsStayWithTheirTimeWhileTheNextReadIsUnderWay() {
        QueueCounts counts = new QueueCounts(REFRESH);
        assertNull(counts.seen(T0).at(), "never read yet");
        counts.startRead(T0);
        List<QueueView> orders = List.of(new QueueView("orders", "quorum", true, 3, 2, 1L, 1, null, null, null));
        counts.read(orders, T0.plusMillis(100));
        counts.startRead(T0.plusSeconds(1));

        QueueCounts.Seen seen = counts.seen(T0.plusMillis(1500));
        assertEquals(orders, seen.queues());
        assertEquals(T0.plusMillis(100), seen.at());
        assertEquals(Optional.empty(), seen.problem(), "a read under way for 0.5 s is not a problem yet");
    }

    @Test
    void aReadUnderWayForLongSaysTheManagementApiIsSlow() {
        QueueCounts counts = new QueueCounts(REFRESH);
        counts.startRead(T0);
        assertEquals(Optional.of("Queue counts are not current: the RabbitMQ management API is slow (no answer for 3 s)"),
                counts.seen(T0.plusSeconds(3)).problem());
    }

    @Test
    void aFailedReadSaysWhyUntilAReadSucceeds() {
        QueueCounts counts = new QueueCounts(REFRESH);
        counts.startRead(T0);
        counts.failed("The RabbitMQ management API at http://localhost:15672 did not answer within 5 s");
        counts.startRead(T0.plusSeconds(5));
        assertEquals(Optional.of("Queue counts are not current: The RabbitMQ management API at http://localhost:15672 "
                + "did not answer within 5 s"), counts.seen(T0.plusSeconds(8)).problem(),
                "the next read under way keeps the reason");
        counts.read(List.of(), T0.plusSeconds(9));
        assertEquals(Optional.empty(), counts.seen(T0.plusSeconds(9)).problem());
    }
}
