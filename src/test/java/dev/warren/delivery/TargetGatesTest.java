package dev.warren.delivery;

import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
