package dev.warren.delivery;

import dev.warren.workers.RateLimitSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's rate limit on one instance: a burst at once, no holding a task for a permit far ahead, and stopping. */
class RateLimitTest {

    private final List<Duration> waited = new ArrayList<>();

    @Test
    void theBurstIsTakenAtOnce() {
        RateLimit limit = new RateLimit("q", new RateLimitSettings(0.05, 1), waited::add);
        assertTrue(limit.acquire(() -> false));
        assertEquals(List.of(), waited);
        assertEquals(0, limit.state().waits());
    }

    @Test
    void aPermitDueLaterThanAConsumerMayHoldItsTaskIsNotTaken() {
        // one permit every 20 s: the second is due far beyond HOLD_AT_MOST
        RateLimit limit = new RateLimit("q", new RateLimitSettings(0.05, 1), waited::add);
        assertTrue(limit.acquire(() -> false));
        assertFalse(limit.acquire(() -> false));
        assertFalse(limit.acquire(() -> false));
        assertEquals(2, limit.state().sentBack());
        assertEquals(List.of(), waited);
    }

    @Test
    void aPermitHandedBackGoesToTheNextTaskAtOnce() {
        // one permit every 20 s: the task whose job was dropped after its permit leaves it to the next one
        RateLimit limit = new RateLimit("q", new RateLimitSettings(0.05, 1), waited::add);
        assertTrue(limit.acquire(() -> false));
        limit.handBack();
        assertTrue(limit.acquire(() -> false), "the handed-back permit");
        assertFalse(limit.acquire(() -> false), "taken once only");
        assertEquals(1, limit.state().sentBack());
    }

    @Test
    void aPermitHandedBackIsNotSavedUpBeyondItsPeriod() {
        // one permit every 200 ms: one handed back and not taken within the period is gone, so of the next two tasks
        // one takes the period's permit and the other waits for the next period's
        RateLimit limit = new RateLimit("q", new RateLimitSettings(5.0, 1), waited::add);
        assertTrue(limit.acquire(() -> false));
        limit.handBack();
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(250)).until(() -> true);
        assertTrue(limit.acquire(() -> false));
        assertTrue(limit.acquire(() -> false));
        assertEquals(1, limit.state().waits(), "waited for the limiter's own permit: " + waited);
    }

    @Test
    void aWaitingConsumerGivesUpWhenTheGroupStops() {
        // one permit every 4 s: the second is reserved, and the wait for it ends as soon as the group stops
        RateLimit limit = new RateLimit("q", new RateLimitSettings(0.25, 1), waited::add);
        assertTrue(limit.acquire(() -> false));
        assertThrows(IllegalStateException.class, () -> limit.acquire(() -> true));
        assertEquals(0, limit.state().waits());
    }

    @Test
    void aConsumerBeyondTheBurstWaitsForItsPermitAndTheWaitIsCounted() {
        // one permit every 500 ms: the second is due in the next period at the latest
        RateLimit limit = new RateLimit("q", new RateLimitSettings(2.0, 1), waited::add);
        assertTrue(limit.acquire(() -> false));
        assertTrue(limit.acquire(() -> false));
        assertEquals(1, waited.size());
        assertEquals(1, limit.state().waits());
        assertTrue(waited.get(0).compareTo(Duration.ofMillis(500)) <= 0, waited.toString());
    }

    @Test
    void aLimitRemadeForANewShareKeepsCounting() {
        RateLimitSettings before = new RateLimitSettings(0.05, 1);
        RateLimit limit = new RateLimit("q", before, waited::add);
        limit.acquire(() -> false);
        limit.acquire(() -> false);
        RateLimitSettings after = new RateLimitSettings(0.025, 1);
        RateLimit remade = limit.remadeFor("q", after);
        assertTrue(remade.madeFor(after));
        assertFalse(remade.madeFor(before));
        assertEquals(1, remade.state().sentBack());
        assertEquals(0.025, remade.state().perSecond());
    }
}
