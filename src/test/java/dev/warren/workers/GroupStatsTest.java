package dev.warren.workers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** processed counts tasks settled, as a Kafka group's does, not attempts. */
class GroupStatsTest {

    @Test
    void aTaskFailedTwiceThenDeadLetteredIsProcessedOnce() {
        GroupStats stats = new GroupStats();
        for (int attempt = 1; attempt <= 2; attempt++) {
            stats.started("t1", "job-1");
            stats.ended("t1");
        }
        stats.retried.incrementAndGet();
        stats.countFailed();
        stats.started("t1", "job-2");
        stats.ended("t1");
        stats.countSucceeded();

        assertEquals(2, stats.processed.get(), "two tasks settled in three attempts");
        assertEquals(1, stats.failed.get());
        assertEquals(1, stats.succeeded.get());
        assertEquals(0, stats.inFlight.get());
    }
}
