package dev.warren.delivery;

import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.SlowDownSettings;
import dev.warren.workers.WorkerGroupView;
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
        assertEquals("HTTP 500", gate.state(System.currentTimeMillis()).lastError(), "half-open: the opening under way");
        assertNotNull(gate.state(System.currentTimeMillis()).openedAt());

        assertNull(gate.settle(probe, 200, null, false, null, System.currentTimeMillis(), 4));
        WorkerGroupView.TargetState closed = gate.state(System.currentTimeMillis());
        assertEquals("closed", closed.circuit());
        assertNull(closed.openedAt(), "a closed breaker shows no past opening: " + closed);
        assertNull(closed.openUntil());
        assertNull(closed.lastError());
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

    @Test
    void itsOwnPauseOpeningAndClosingAreToldAndNothingElse() {
        List<GateNews> told = new ArrayList<>();
        TargetGate gate = new TargetGate("q", BREAKER, new SlowDownSettings(1_000L, 100L), states::add, told::add);
        long now = System.currentTimeMillis();
        gate.settle(go(gate), 429, null, false, 5_000L, now, 8);
        TargetGate.Go after = assertInstanceOf(TargetGate.Go.class, gate.admit(now + 5_000));
        gate.settle(after, 503, null, false, null, now + 5_000, 8);
        assertEquals(List.of(new GateNews.Paused("q", now + 5_000)), told, "a 503 without Retry-After only limits");

        TargetGate breaker = new TargetGate("q", BREAKER, null, states::add, told::add);
        told.clear();
        for (int i = 0; i < 3; i++) {
            breaker.settle(go(breaker), null, "connection failed (Connect to 10.0.0.7:443 refused)", false, null,
                    System.currentTimeMillis(), 4);
        }
        GateNews.Opened opened = assertInstanceOf(GateNews.Opened.class, told.get(0));
        assertEquals(1, opened.openings());
        assertEquals("connection failed", opened.error(), "the kind of error only, no address");
        assertEquals(breaker.state(System.currentTimeMillis()).openUntil().toEpochMilli(), opened.untilMs());

        TargetGate.Go probe = (TargetGate.Go) await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> breaker.admit(System.currentTimeMillis()), TargetGate.Go.class::isInstance);
        breaker.settle(probe, 200, null, false, null, System.currentTimeMillis(), 4);
        assertEquals(List.of(opened, new GateNews.Closed("q")), told, "half-open is not told");
    }

    @Test
    void anotherInstancesPauseHoldsHereUntilTheSameTimeAndIsNotToldBack() {
        List<GateNews> told = new ArrayList<>();
        TargetGate gate = new TargetGate("q", null, new SlowDownSettings(1_000L, 100L), states::add, told::add);
        long now = System.currentTimeMillis();
        gate.apply(new GateNews.Paused("q", now + 5_000), "b1", now);

        TargetGate.Wait wait = assertInstanceOf(TargetGate.Wait.class, gate.admit(now + 1_000));
        assertEquals(4_000, wait.delayMs());
        assertEquals("instance b1", gate.state(now).from());
        assertNull(gate.state(now).allowedConcurrency(), "only the pause is shared: the concurrency is this instance's");
        assertInstanceOf(TargetGate.Go.class, gate.admit(now + 5_000));
        assertEquals(List.of(), told);

        gate.apply(new GateNews.Paused("q", now + 2_000), "b1", now);
        assertEquals(now + 5_000, gate.state(now).pausedUntil().toEpochMilli(), "a shorter pause does not cut one short");
        gate.settle(assertInstanceOf(TargetGate.Go.class, gate.admit(now + 5_000)), 429, null, false, 9_000L, now + 5_000, 8);
        assertNull(gate.state(now).from(), "a pause of its own, longer, replaces it");
    }

    @Test
    void anotherInstancesOpeningOpensTheBreakerUntilTheSameTimeThenThisOneProbesToo() {
        List<GateNews> told = new ArrayList<>();
        TargetGate gate = new TargetGate("q", BREAKER, null, states::add, told::add);
        long now = System.currentTimeMillis();
        gate.apply(new GateNews.Opened("q", now + 300, 2, "HTTP 503"), "b1", now);

        TargetGate.Wait wait = assertInstanceOf(TargetGate.Wait.class, gate.admit(now + 100));
        assertEquals(250, wait.delayMs(), "the rest of the other's cool-off, at least the busy wait");
        assertEquals("open", gate.state(now).circuit());
        assertEquals("HTTP 503", gate.state(now).lastError());
        assertEquals("instance b1", gate.state(now).from());
        assertEquals(now + 300, gate.state(now).openUntil().toEpochMilli());
        assertEquals(List.of(0, 1), states, "the metric shows it open");

        TargetGate.Go probe = (TargetGate.Go) await("its own probe after it").atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> gate.admit(System.currentTimeMillis()), TargetGate.Go.class::isInstance);
        assertTrue(probe.probe());
        Long again = gate.settle(probe, 500, null, false, null, System.currentTimeMillis(), 4);
        GateNews.Opened reopened = assertInstanceOf(GateNews.Opened.class, told.get(0));
        assertEquals(3, reopened.openings(), "the cool-off doubles on from the other's openings");
        assertTrue(again > 600 && again <= 850, "third cool-off, 4 x 200 ms: " + again);
        assertNull(gate.state(System.currentTimeMillis()).from(), "its own opening now");
    }

    @Test
    void anotherInstancesOpeningDoesNotShortenALongerOneHere() {
        TargetGate gate = breakerGate();
        for (int i = 0; i < 3; i++) {
            fail(gate, 500);
        }
        long until = gate.state(System.currentTimeMillis()).openUntil().toEpochMilli();
        gate.apply(new GateNews.Opened("q", until - 100, 1, "HTTP 500"), "b1", System.currentTimeMillis());
        assertEquals(until, gate.state(System.currentTimeMillis()).openUntil().toEpochMilli());
        assertNull(gate.state(System.currentTimeMillis()).from());
    }

    @Test
    void anotherInstancesClosingClosesTheBreakerHereAndIsNotToldBack() {
        List<GateNews> told = new ArrayList<>();
        TargetGate gate = new TargetGate("q", BREAKER, null, states::add, told::add);
        long now = System.currentTimeMillis();
        gate.apply(new GateNews.Opened("q", now + 60_000, 1, "HTTP 503"), "b1", now);
        gate.apply(new GateNews.Closed("q"), "b1", now + 10);

        assertEquals("closed", gate.state(now).circuit());
        assertNull(gate.state(now).from());
        assertFalse(go(gate).probe(), "deliveries go at once");
        assertEquals(List.of(0, 1, 0), states);
        assertEquals(List.of(), told);
    }

    @Test
    void newsOfAStateTheGateDoesNotHaveChangesNothing() {
        TargetGate gate = new TargetGate("q", null, new SlowDownSettings(1_000L, 100L), states::add);
        long now = System.currentTimeMillis();
        gate.apply(new GateNews.Opened("q", now + 60_000, 1, "HTTP 503"), "b1", now);
        gate.apply(new GateNews.Closed("q"), "b1", now);
        gate.apply(new GateNews.Paused("q", now - 1), "b1", now);
        assertInstanceOf(TargetGate.Go.class, gate.admit(now), "no breaker here; a pause already over");
    }

    @Test
    void onlyTheStatusOrTheKindOfAFailureIsShared() {
        assertEquals("HTTP 502", TargetGate.summary("HTTP 502"));
        assertEquals("timeout", TargetGate.summary("timeout (Read timed out after 30000 ms to https://api.example.com)"));
        assertEquals("connection failed", TargetGate.summary("connection failed (Connect to u:p@host:443 refused)"));
        assertEquals("call failed", TargetGate.summary("SSLHandshakeException: host.internal certificate"));
        assertEquals("call failed", TargetGate.summary("HTTP 502 from https://u:p@host"));
        assertNull(TargetGate.summary(null));
    }
}
