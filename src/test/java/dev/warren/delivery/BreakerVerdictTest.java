package dev.warren.delivery;

import dev.warren.workers.CircuitBreakerSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts against a target's circuit breaker, and how its cool-off grows. */
class BreakerVerdictTest {

    @Test
    void connectionErrorsTimeoutsAnd5xxAreFailures() {
        assertEquals(BreakerVerdict.FAILURE, BreakerVerdict.of(null, "connection failed (refused)", false, false));
        assertEquals(BreakerVerdict.FAILURE, BreakerVerdict.of(null, "timeout (read)", false, false));
        assertEquals(BreakerVerdict.FAILURE, BreakerVerdict.of(500, null, false, false));
        assertEquals(BreakerVerdict.FAILURE, BreakerVerdict.of(503, null, false, false));
    }

    @Test
    void otherAnswersShowTheTargetUp() {
        assertEquals(BreakerVerdict.SUCCESS, BreakerVerdict.of(200, null, false, false));
        assertEquals(BreakerVerdict.SUCCESS, BreakerVerdict.of(404, null, false, false));
        assertEquals(BreakerVerdict.SUCCESS, BreakerVerdict.of(null, null, false, false));
    }

    @Test
    void slowDownSignalsAndRefusedTargetsCountNeitherWay() {
        assertEquals(BreakerVerdict.NEUTRAL, BreakerVerdict.of(429, null, false, false));
        assertEquals(BreakerVerdict.NEUTRAL, BreakerVerdict.of(503, null, false, true));
        assertEquals(BreakerVerdict.NEUTRAL, BreakerVerdict.of(null, "target refused: x", true, false));
    }

    @Test
    void theCoolOffDoublesOnEachOpeningInARowUpToItsCap() {
        CircuitBreakerSettings settings = new CircuitBreakerSettings(5, 0.5, 20, 5_000L, 60_000L);
        assertEquals(5_000, settings.coolOffAfter(1));
        assertEquals(10_000, settings.coolOffAfter(2));
        assertEquals(20_000, settings.coolOffAfter(3));
        assertEquals(40_000, settings.coolOffAfter(4));
        assertEquals(60_000, settings.coolOffAfter(5));
        assertEquals(60_000, settings.coolOffAfter(500));
    }

    @Test
    void defaultsFillMissingSettingsAndBadOnesAreNamed() {
        CircuitBreakerSettings filled = new CircuitBreakerSettings(null, null, null, 90_000L, null).withDefaults();
        assertEquals(new CircuitBreakerSettings(5, 0.5, 20, 90_000L, 90_000L), filled);
        assertTrue(new CircuitBreakerSettings(0, 1.5, 0, 10L, 5L).errors("circuitBreaker.").size() >= 4);
    }
}
