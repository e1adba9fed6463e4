package dev.warren.delivery;

import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.SlowDownSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate a group's consumers ask before calling its target: circuit breaker transitions and the 429/503 slow-down. */
class TargetGateTest {

    private static final CircuitBreakerSettings BREAKER = new CircuitBreakerSettings(3, 0.5, 10, 200L, 1_000L);
    private final List<Integer> states = new ArrayList<>();

    private TargetGate breakerGate() {
        return new TargetGate("q", BREAKER, null, states::add);
    }

    private static TargetGate.Go go(TargetGate gate) {
        return assertInstanceOf(TargetGate.Go.class, gate.admit(System.currentTimeMillis()));
    }

    private static Long fail(TargetGate gate, int status) {
        return gate.settle(go(gate), status, null, false, null, System.currentTimeMillis(), 4);
    }

    @Test
    void aRunOfFailuresOpensTheBreakerAndTurnsTasksAwayUntilTheCoolOff() {
        TargetGate gate = breakerGate();
        fail(gate, 500);
        gate.settle(go(gate), null, "connection failed (refused)", false, null, System.currentTimeMillis(), 4);
        assertEquals("closed", gate.state(System.currentTimeMillis()).circuit());
        fail(gate, 503);

        assertEquals("open", gate.state(System.currentTimeMillis()).circuit());
        assertEquals("HTTP 503", gate.state(System.currentTimeMillis()).lastError());
        TargetGate.Wait wait = assertInstanceOf(TargetGate.Wait.class, gate.admit(System.currentTimeMillis()));
        assertTrue(wait.delayMs() > 0 && wait.delayMs() <= 250, "waits for the rest of the cool-off: " + wait);
        assertEquals(List.of(0, 1), states, "metric told closed then open");
    }

    @Test
    void aRunOfFailuresAfterManySuccessesStillOpensIt() {
        TargetGate gate = breakerGate();
        for (int i = 0; i < 9; i++) {
            gate.settle(go(gate), 200, null, false, null, System.currentTimeMillis(), 4);
        }
        fail(gate, 500);
        fail(gate, 500);
        fail(gate, 500);
        assertEquals("open", gate.state(System.currentTimeMillis()).circuit());
    }

    @Test
    void answersThatAreNotFailuresKeepItClosed() {
        TargetGate gate = breakerGate();
        for (int status : new int[]{404, 400, 429, 422, 410}) {
            fail(gate, status);
        }
        gate.settle(go(gate), null, "target refused: denied", true, null, System.currentTimeMillis(), 4);
        assertEquals("closed", gate.state(System.currentTimeMillis()).circuit());
    }

    @Test
    void afterTheCoolOffOneProbeGoesAndItsSuccessClosesTheBreaker() {
        TargetGate gate = breakerGate();
        for (int i = 0; i < 3; i++) {
            fail(gate, 500);
        }
        TargetGate.Go probe = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> gate.admit(System.currentTimeMillis()), TargetGate.Go.class::isInstance) instanceof TargetGate.Go g
                ? g : null;
        assertNotNull(probe);
        assertTrue(probe.probe(), "the first call after the cool-off is the probe");
        assertInstanceOf(TargetGate.Wait.class, gate.admit(System.currentTimeMillis()), "only one probe at a time");

        assertNull(gate.settle(probe, 200, null, false, null, System.currentTimeMillis(), 4));
        assertEquals("closed", gate.state(System.currentTimeMillis()).circuit());
        assertFalse(go(gate).probe());
        assertEquals(List.of(0, 1, 2, 0), states);
    }

    @Test
    void aFailedProbeReopensItWithALongerCoolOffAndTheTaskKeepsItsAttempt() {
        TargetGate gate = breakerGate();
        for (int i = 0; i < 3; i++) {
            fail(gate, 500);
        }
        TargetGate.Admission probe = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> gate.admit(System.currentTimeMillis()), TargetGate.Go.class::isInstance);
        Long wait = gate.settle((TargetGate.Go) probe, 503, null, false, null, System.currentTimeMillis(), 4);

        assertNotNull(wait, "a failed probe's task waits without using an attempt");
        assertTrue(wait > 250 && wait <= 450, "the second cool-off is twice the first: " + wait);
        assertEquals("open", gate.state(System.currentTimeMillis()).circuit());
    }

    @Test
    void aReleasedPermitLetsTheNextProbeGo() {
        TargetGate gate = breakerGate();
        for (int i = 0; i < 3; i++) {
            fail(gate, 500);
        }
        TargetGate.Admission probe = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> gate.admit(System.currentTimeMillis()), TargetGate.Go.class::isInstance);
        gate.release((TargetGate.Go) probe);
        assertTrue(go(gate).probe(), "the probe that made no call is given to the next task");
    }

    @Test
    void retryAfterPausesEveryDeliveryUntilThenAndHalvesTheConcurrency() {
        TargetGate gate = new TargetGate("q", null, new SlowDownSettings(1_000L, 100L), states::add);
        long now = System.currentTimeMillis();
        TargetGate.Go first = go(gate);
        assertNull(gate.settle(first, 429, null, false, 5_000L, now, 8));

        TargetGate.Wait wait = assertInstanceOf(TargetGate.Wait.class, gate.admit(now + 1_000));
        assertEquals(4_000, wait.delayMs(), "paused until the time given");
        assertEquals(4, gate.state(now).allowedConcurrency());
        assertNotNull(gate.state(now).pausedUntil());
        assertNull(gate.state(now).circuit(), "no breaker configured");
        assertInstanceOf(TargetGate.Go.class, gate.admit(now + 5_000), "deliveries resume after the pause");
    }

    @Test
    void a429WithoutRetryAfterPausesTheConfiguredTimeAndA503WithoutOneOnlyLimits() {
        TargetGate gate = new TargetGate("q", null, new SlowDownSettings(1_000L, 100L), states::add);
        long now = System.currentTimeMillis();
        gate.settle(go(gate), 429, null, false, null, now, 8);
        assertEquals(1_000, ((TargetGate.Wait) gate.admit(now)).delayMs());

        TargetGate other = new TargetGate("q", null, new SlowDownSettings(1_000L, 100L), states::add);
        other.settle(go(other), 503, null, false, null, now, 8);
        assertNull(other.state(now).pausedUntil());
        assertEquals(4, other.state(now).allowedConcurrency());
    }

    @Test
    void theConcurrencyLimitTurnsAwayTasksBeyondIt() {
        TargetGate gate = new TargetGate("q", null, new SlowDownSettings(0L, 100L), states::add);
        long now = System.currentTimeMillis();
        gate.settle(go(gate), 503, null, false, null, now, 2);
        assertEquals(1, gate.state(now).allowedConcurrency());
        TargetGate.Go one = assertInstanceOf(TargetGate.Go.class, gate.admit(now));
        assertInstanceOf(TargetGate.Wait.class, gate.admit(now), "one in flight of one allowed");
        gate.settle(one, 200, null, false, null, now + 200, 2);
        assertNull(gate.state(now).allowedConcurrency(), "back to all consumers");
    }
}
