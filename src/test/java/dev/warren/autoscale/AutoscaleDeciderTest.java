package dev.warren.autoscale;

import dev.warren.autoscale.AutoscaleDecider.Limits;
import dev.warren.autoscale.AutoscaleDecider.Observation;
import dev.warren.autoscale.AutoscaleDecider.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How an autoscaled group's count follows its backlog: up at once, down after the cooldown, never flapping. */
class AutoscaleDeciderTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Limits LIMITS = new Limits(0, 50, 100, Duration.ofSeconds(30));

    private static Observation ready(long ready) {
        return new Observation(ready, 0, null, null);
    }

    private static Verdict decide(int current, Observation seen, Instant lowSince, Instant now) {
        return AutoscaleDecider.decide(current, LIMITS, seen, lowSince, now);
    }

    @Test
    void aBacklogScalesUpAtOnceToOneConsumerPerTargetBacklog() {
        Verdict verdict = decide(2, ready(1_000), null, T0);
        assertEquals(10, verdict.count());
        assertEquals("1000 ready at 100 per consumer wants 10", verdict.reason());
        assertNull(verdict.lowSince());
    }

    @Test
    void aPartialHundredCountsAsOneMoreConsumer() {
        assertEquals(3, decide(1, ready(201), null, T0).count());
    }

    @Test
    void scalingUpStopsAtMax() {
        Verdict verdict = decide(8, ready(100_000), null, T0);
        assertEquals(50, verdict.count());
        assertTrue(verdict.reason().endsWith("wants 1000, at most max 50"), verdict.reason());
        assertFalse(decide(50, ready(100_000), null, T0).changes(50), "at max it stays");
    }

    @Test
    void oneReadyMessageWakesAGroupAtZero() {
        Verdict verdict = decide(0, ready(1), null, T0);
        assertEquals(1, verdict.count());
        assertTrue(verdict.changes(0));
    }

    @Test
    void anEmptyQueueKeepsAGroupAtZeroAtZero() {
        Verdict verdict = decide(0, ready(0), null, T0);
        assertFalse(verdict.changes(0));
        assertNull(verdict.reason());
        assertNull(verdict.lowSince());
    }

    @Test
    void aLowBacklogScalesDownOnlyAfterItLastedTheCooldown() {
        Verdict first = decide(10, ready(0), null, T0);
        assertFalse(first.changes(10), "not at once");
        assertEquals(T0, first.lowSince());
        Verdict before = decide(10, ready(0), first.lowSince(), T0.plusSeconds(29));
        assertFalse(before.changes(10), "not before the cooldown is over");
        assertEquals(T0, before.lowSince(), "the low backlog is timed from when it began");
        Verdict after = decide(10, ready(0), before.lowSince(), T0.plusSeconds(30));
        assertEquals(0, after.count());
        assertEquals("0 ready at 100 per consumer wants 0 for 30000 ms", after.reason());
    }

    @Test
    void aBacklogThatComesBackRestartsTheCooldown() {
        Verdict low = decide(10, ready(0), null, T0);
        Verdict busyAgain = decide(10, ready(1_000), low.lowSince(), T0.plusSeconds(20));
        assertFalse(busyAgain.changes(10));
        assertNull(busyAgain.lowSince(), "the low backlog ended");
        Verdict lowAgain = decide(10, ready(0), busyAgain.lowSince(), T0.plusSeconds(40));
        assertFalse(lowAgain.changes(10), "the cooldown starts over");
        assertEquals(T0.plusSeconds(40), lowAgain.lowSince());
    }

    @Test
    void aFlappingBacklogDoesNotFlapTheCount() {
        Instant lowSince = null;
        int count = 10;
        for (int second = 0; second < 120; second++) {
            // a burst of 1,000 every 20 s, drained in 5 s
            long ready = second % 20 < 5 ? 1_000 : 0;
            Verdict verdict = decide(count, ready(ready), lowSince, T0.plusSeconds(second));
            count = verdict.count();
            lowSince = verdict.lowSince();
        }
        assertEquals(10, count, "low for 15 s at most, under the 30 s cooldown");
    }

    @Test
    void scalingDownGoesNoLowerThanMin() {
        Limits atLeastTwo = new Limits(2, 50, 100, Duration.ZERO);
        Verdict verdict = AutoscaleDecider.decide(10, atLeastTwo, ready(0), null, T0);
        assertEquals(2, verdict.count());
        assertTrue(verdict.reason().contains("at least min 2"), verdict.reason());
    }

    @Test
    void aGroupBelowMinIsRaisedToMinAtOnce() {
        Limits atLeastTwo = new Limits(2, 50, 100, Duration.ofMinutes(5));
        assertEquals(2, AutoscaleDecider.decide(0, atLeastTwo, ready(0), null, T0).count());
    }

    @Test
    void aGroupAboveMaxIsLoweredToMaxAtOnce() {
        Limits atMostFour = new Limits(0, 4, 100, Duration.ofMinutes(5));
        Verdict verdict = AutoscaleDecider.decide(10, atMostFour, ready(10_000), null, T0);
        assertEquals(4, verdict.count());
        assertEquals("above max 4", verdict.reason());
    }

    @Test
    void consumersBusyWithATaskAreKeptWhenScalingDown() {
        Verdict partly = decide(10, new Observation(0, 4, null, null), T0, T0.plusSeconds(30));
        assertEquals(4, partly.count());
        assertTrue(partly.reason().endsWith(", 4 busy for 30000 ms"), partly.reason());
        Verdict allBusy = decide(10, new Observation(0, 12, null, null), T0, T0.plusSeconds(30));
        assertFalse(allBusy.changes(10), "every consumer is busy");
        assertEquals(T0, allBusy.lowSince(), "still low: they go as soon as they are idle");
        assertEquals(0, decide(10, new Observation(0, 0, null, null), allBusy.lowSince(), T0.plusSeconds(31)).count());
    }

    @Test
    void publishingFasterThanDeliveryAddsConsumersToKeepUp() {
        Verdict verdict = decide(4, new Observation(150, 4, 300.0, 100.0), null, T0);
        assertEquals(12, verdict.count(), "three times the consumers deliver three times as fast");
        assertEquals("150 ready, published 300.0/s but delivered 100.0/s by 4 wants 12", verdict.reason());
    }

    @Test
    void ratesDoNotCountWhileDeliveryKeepsUpOrNothingWaits() {
        assertEquals(2, decide(2, new Observation(150, 2, 100.0, 100.0), null, T0).count());
        assertFalse(decide(2, new Observation(0, 2, 300.0, 100.0), null, T0).changes(2));
        assertEquals(2, decide(2, new Observation(150, 2, 300.0, null), null, T0).count(), "unknown rates");
    }

    @Test
    void everyChangeHasAReason() {
        for (int current = 0; current <= 60; current += 5) {
            for (long ready : new long[]{0, 1, 99, 100, 5_000, 1_000_000}) {
                Verdict verdict = decide(current, ready(ready), T0, T0.plusSeconds(60));
                assertTrue(verdict.count() >= 0 && verdict.count() <= 50, current + "/" + ready);
                if (verdict.changes(current)) {
                    assertNotNull(verdict.reason(), current + "/" + ready);
                }
            }
        }
    }
}
