package dev.warren.delivery;

import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetGatesTest {

    private static final CircuitBreakerSettings BREAKER = new CircuitBreakerSettings(3, 0.5, 10, 60_000L, 60_000L);

    private static WorkerGroupConfig group(String url, CircuitBreakerSettings breaker) {
        return new WorkerGroupSpec(1, "http", null, new Target(url, null, null, null), null, null, breaker, null, null, null)
                .toConfig("orders", WorkerGroupConfig.State.RUNNING, null);
    }

    @Test
    void aGroupKeepsItsGateWhileItsTargetAndSettingsStay() {
        AtomicReference<WorkerGroupConfig> config = new AtomicReference<>(group("http://a.example/", BREAKER));
        TargetGates gates = new TargetGates(queue -> config.get(), new WarrenMetrics(new SimpleMeterRegistry()));
        TargetGate gate = gates.gate("orders");
        config.set(group("http://a.example/", BREAKER));
        assertSame(gate, gates.gate("orders"), "the same target and settings keep the gate, open or not");
    }

    @Test
    void aNewTargetUrlGetsANewGateSoAnotherUrlsOpenBreakerDoesNotHoldItBack() {
        AtomicReference<WorkerGroupConfig> config = new AtomicReference<>(group("http://a.example/", BREAKER));
        TargetGates gates = new TargetGates(queue -> config.get(), new WarrenMetrics(new SimpleMeterRegistry()));
        TargetGate old = gates.gate("orders");
        config.set(group("http://b.example/", BREAKER));
        assertNotSame(old, gates.gate("orders"), "another URL starts with a closed breaker");
    }

    @Test
    void anotherInstancesNewsOfAnotherUrlIsIgnoredAndOfThisUrlOrNoneApplied() {
        AtomicReference<WorkerGroupConfig> config = new AtomicReference<>(group("http://b.example/", BREAKER));
        TargetGates gates = new TargetGates(queue -> config.get(), new WarrenMetrics(new SimpleMeterRegistry()));
        long until = System.currentTimeMillis() + 60_000;
        GateNews opened = new GateNews.Opened("orders", until, 1, "HTTP 503");

        gates.apply(new TargetNews(TargetNews.targetOf("http://a.example/"), opened), "x1");
        assertEquals("closed", gates.state("orders").circuit(), "the group's old URL's opening does not hold back the new");

        gates.apply(new TargetNews(TargetNews.targetOf("http://b.example/"), opened), "x1");
        assertEquals("open", gates.state("orders").circuit(), "an opening for the same URL holds here too");
        gates.apply(new TargetNews(TargetNews.targetOf("http://a.example/"), new GateNews.Closed("orders")), "x1");
        assertEquals("open", gates.state("orders").circuit(), "the old URL's closing does not close the new URL's breaker");
        gates.apply(new TargetNews(TargetNews.targetOf("http://b.example/"), new GateNews.Closed("orders")), "x1");
        assertEquals("closed", gates.state("orders").circuit(), "a closing for the same URL closes it here too");

        gates.apply(new TargetNews(null, opened), "old-version");
        assertEquals("open", gates.state("orders").circuit(), "news that names no URL is applied, as before");
    }

    @Test
    void aGateStillInUseForAnOldUrlTellsOfThatUrl() {
        AtomicReference<WorkerGroupConfig> config = new AtomicReference<>(group("http://a.example/", BREAKER));
        TargetGates gates = new TargetGates(queue -> config.get(), new WarrenMetrics(new SimpleMeterRegistry()));
        List<TargetNews> told = new ArrayList<>();
        gates.tellOthers(told::add);
        TargetGate old = gates.gate("orders");
        config.set(group("http://b.example/", BREAKER));
        TargetGate current = gates.gate("orders");

        // the old URL's calls still out end after the change: three failures open the old gate
        for (int i = 0; i < 3; i++) {
            TargetGate.Go go = (TargetGate.Go) old.admit(System.currentTimeMillis());
            old.settle(go, 503, null, false, null, System.currentTimeMillis(), 1);
        }
        assertEquals(1, told.size(), told.toString());
        assertEquals(TargetNews.targetOf("http://a.example/"), told.get(0).target(), "the opening names the old URL");
        assertEquals("open", old.state(System.currentTimeMillis()).circuit());
        assertEquals("closed", current.state(System.currentTimeMillis()).circuit());
    }

    @Test
    void theSameUrlNamesTheSameTargetAndTheNameGivesNothingAway() {
        String url = "https://hooks.example/orders?token=s3cr3t";
        assertEquals(TargetNews.targetOf(url), TargetNews.targetOf(new String(url)));
        assertTrue(TargetNews.targetOf(url).matches("[0-9a-f]{16}"), TargetNews.targetOf(url));
        assertNotEquals(TargetNews.targetOf(url), TargetNews.targetOf("https://hooks.example/orders?token=other"));
    }
}
