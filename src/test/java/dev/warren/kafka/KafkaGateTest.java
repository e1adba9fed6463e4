package dev.warren.kafka;

import dev.warren.delivery.GroupConfigs;
import dev.warren.delivery.RateLimits;
import dev.warren.delivery.TargetGates;
import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.RateLimitSettings;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Kafka record waits in place for its group's rate limit permit and target gate before each attempt. */
class KafkaGateTest {

    private static final String QUEUE = KafkaNames.jobQueue("orders");
    private static final String URL = "http://127.0.0.1:9/";
    /** The group's target URL as stored now (a PUT may change it while a record waits). */
    private final AtomicReference<String> groupUrl = new AtomicReference<>(URL);
    /** Time as the gate sees it: real time plus what the record "slept" (the gate's breaker keeps real instants). */
    private final AtomicLong skew = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();

    private KafkaGate gate(CircuitBreakerSettings breaker, RateLimitSettings rateLimit) {
        GroupConfigs configs = new GroupConfigs(queue -> null);
        configs.alsoFrom(KafkaNames.QUEUE_PREFIX, queue -> queue.equals(QUEUE) ? new WorkerGroupSpec(2, "http", null,
                new Target(groupUrl.get(), null, null, null), null, null, breaker, null, null, rateLimit)
                .toConfig(QUEUE, WorkerGroupConfig.State.RUNNING, null) : null);
        WarrenMetrics metrics = new WarrenMetrics(new SimpleMeterRegistry());
        return new KafkaGate(new TargetGates(configs, metrics), new RateLimits(configs, count -> count, metrics), configs,
                () -> System.currentTimeMillis() + skew.get());
    }

    private KafkaGate.Waits waits() {
        return new KafkaGate.Waits("orders-0-1", ms -> {
            sleeps.add(ms);
            skew.addAndGet(ms);
        });
    }

    @Test
    void whileTheBreakerIsOpenARecordWaitsInPlaceAndAFailedProbeAsksForAnotherWait() {
        KafkaGate gate = gate(new CircuitBreakerSettings(2, 1.0, 10, 1_000L, 4_000L), null);
        KafkaGate.Waits waits = waits();
        for (int n = 0; n < 2; n++) {
            KafkaGate.Pass pass = gate.pass(QUEUE, URL, waits, () -> false);
            assertNull(gate.settle(pass, QUEUE, 503, null, false, null), "not a probe");
        }
        assertEquals(List.of(), sleeps, "no wait while closed");

        KafkaGate.Pass probe = gate.pass(QUEUE, URL, waits, () -> false);
        assertEquals(1, sleeps.size(), "waited for the cool-off: " + sleeps);
        assertTrue(sleeps.get(0) >= 900 && sleeps.get(0) <= 1_000, "about the cool-off: " + sleeps);
        assertTrue(probe.go().probe());
        Long again = gate.settle(probe, QUEUE, 503, null, false, null);
        assertNotNull(again, "a failed probe: the attempt does not count");
        assertEquals("open", gate.targetState(QUEUE).circuit());

        KafkaGate.Pass next = gate.pass(QUEUE, URL, waits, () -> false);
        assertEquals(2, sleeps.size(), "waited for the next cool-off: " + sleeps);
        assertTrue(next.go().probe());
        assertNull(gate.settle(next, QUEUE, 200, null, false, null));
        assertEquals("closed", gate.targetState(QUEUE).circuit());
        assertFalse(gate.pass(QUEUE, URL, waits, () -> false).go().probe());
    }

    @Test
    void aRecordForTheOldTargetUrlIsNotAdmittedByTheNewUrlsGateAndComesAgain() {
        KafkaGate gate = gate(new CircuitBreakerSettings(1, 1.0, 10, 60_000L, 60_000L), null);
        gate.settle(gate.pass(QUEUE, URL, waits(), () -> false), QUEUE, 503, null, false, null);
        assertEquals("open", gate.targetState(QUEUE).circuit(), "the old URL's breaker");
        groupUrl.set("http://127.0.0.1:10/");

        // the old consumer, until the PUT stops it, still calls the old URL: the new URL's gate must not count that call
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> gate.pass(QUEUE, URL, waits(), () -> false));
        assertTrue(e.getMessage().contains("target URL changed"), e.getMessage());
        assertEquals("closed", gate.targetState(QUEUE).circuit(), "the new URL's breaker");

        KafkaGate.Pass next = gate.pass(QUEUE, groupUrl.get(), waits(), () -> false);
        assertFalse(next.go().probe(), "admitted by the new URL's closed breaker");
        assertEquals(List.of(), sleeps, "no wait for the old cool-off: " + sleeps);
    }

    @Test
    void withoutABreakerARecordForTheOldTargetUrlIsNotLetThroughEitherAndItsPermitIsHandedBack() {
        // a group with a rate limit of one permit per 20 s and no breaker: the record for the old URL must not spend
        // its attempts there, nor the permit the new URL's first record needs
        KafkaGate gate = gate(null, new RateLimitSettings(0.05, 1));
        groupUrl.set("http://127.0.0.1:10/");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> gate.pass(QUEUE, URL, waits(), () -> false));
        assertTrue(e.getMessage().contains("target URL changed"), e.getMessage());
        KafkaGate.Pass next = gate.pass(QUEUE, groupUrl.get(), waits(), () -> false);
        assertEquals(List.of(), sleeps, "the permit was handed back, so no wait: " + sleeps);
        gate.release(next);
    }

    @Test
    void withNeitherBreakerNorLimitARecordForTheOldTargetUrlComesAgain() {
        KafkaGate gate = gate(null, null);
        groupUrl.set("http://127.0.0.1:10/");
        assertThrows(IllegalStateException.class, () -> gate.pass(QUEUE, URL, waits(), () -> false));
        assertEquals(KafkaGate.Pass.NONE, gate.pass(QUEUE, groupUrl.get(), waits(), () -> false));
    }

    @Test
    void anAdmittedProbeThatMadeNoAttemptLetsTheNextRecordProbe() {
        KafkaGate gate = gate(new CircuitBreakerSettings(1, 1.0, 10, 1_000L, 4_000L), null);
        KafkaGate.Waits waits = waits();
        gate.settle(gate.pass(QUEUE, URL, waits, () -> false), QUEUE, null, "connection failed (refused)", false, null);
        KafkaGate.Pass probe = gate.pass(QUEUE, URL, waits, () -> false);
        int waited = sleeps.size();
        gate.release(probe);
        gate.release(probe);
        assertTrue(gate.pass(QUEUE, URL, waits, () -> false).go().probe());
        assertEquals(waited, sleeps.size(), "no wait for a probe that is not out");
    }

    @Test
    void aRecordThatWaitedItsWholeAllowanceIsNotSettledAndComesAgain() {
        KafkaGate gate = gate(new CircuitBreakerSettings(1, 1.0, 10, 3_600_000L, 3_600_000L), null);
        KafkaGate.Waits waits = waits();
        gate.settle(gate.pass(QUEUE, URL, waits, () -> false), QUEUE, 500, null, false, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> gate.pass(QUEUE, URL, waits, () -> false));
        assertTrue(e.getMessage().contains("comes again"), e.getMessage());
        assertEquals(List.of(KafkaGate.MOST_WAITED_MS), sleeps, "one wait, cut to the allowance");
    }

    @Test
    void aRecordWaitsTheDelayOrWhatIsLeftOfItsAllowance() {
        assertEquals(1_000, KafkaGate.slice(0, 1_000));
        assertEquals(1, KafkaGate.slice(0, 0));
        assertEquals(500, KafkaGate.slice(KafkaGate.MOST_WAITED_MS - 500, 1_000));
        assertEquals(0, KafkaGate.slice(KafkaGate.MOST_WAITED_MS, 1_000));
    }

    @Test
    void aRateLimitedGroupWithoutAGateTakesAPermitBeforeEachAttempt() {
        KafkaGate gate = gate(null, new RateLimitSettings(20.0, 1));
        KafkaGate.Waits waits = waits();
        long start = System.nanoTime();
        KafkaGate.Pass last = null;
        for (int n = 0; n < 11; n++) {
            last = gate.pass(QUEUE, URL, waits, () -> false);
            assertNull(last.gate());
            assertNotNull(last.permit(), "the permit taken");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 450, "10 permits after the first at 20 a second: " + ms + " ms");
        assertEquals(20.0, gate.rateLimitState(QUEUE).perSecond());
        assertNull(gate.targetState(QUEUE));
        assertNull(gate.settle(last, QUEUE, 500, null, false, null));
    }

    @Test
    void aRecordWhoseJobIsDroppedAfterItsPermitHandsThePermitToTheNext() {
        // one permit every 20 s: without the permit handed back, the next record would wait for it
        KafkaGate gate = gate(null, new RateLimitSettings(0.05, 1));
        KafkaGate.Waits waits = waits();
        gate.release(gate.pass(QUEUE, URL, waits, () -> false));
        long start = System.nanoTime();
        gate.pass(QUEUE, URL, waits, () -> false);
        assertTrue(System.nanoTime() - start < 500_000_000L, "the handed-back permit taken at once");
        assertEquals(List.of(), sleeps, "no wait");
        assertEquals(0, gate.rateLimitState(QUEUE).sentBack());
    }

    @Test
    void aGroupWithNeitherPassesAtOnce() {
        KafkaGate gate = gate(null, null);
        assertSame(KafkaGate.Pass.NONE, gate.pass(QUEUE, URL, waits(), () -> false));
        assertNull(gate.rateLimitState(QUEUE));
        assertEquals(List.of(), sleeps);
    }
}
