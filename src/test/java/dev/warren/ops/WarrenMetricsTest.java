package dev.warren.ops;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WarrenMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WarrenMetrics metrics = new WarrenMetrics(registry);

    @Test
    void aGoneCircuitLeavesNoGaugeAndComesBackWithItsNewState() {
        metrics.circuitState("orders", 1);
        assertEquals(1.0, registry.get("warren.circuit.state").tag("queue", "orders").gauge().value());

        metrics.circuitGone("orders");
        assertNull(registry.find("warren.circuit.state").tag("queue", "orders").gauge(), "no last value lingers");

        metrics.circuitState("orders", 0);
        assertEquals(0.0, registry.get("warren.circuit.state").tag("queue", "orders").gauge().value());
    }

    @Test
    void aGoneRateLimitLeavesNeitherItsGaugeNorItsWaits() {
        metrics.rateLimit("orders", 50);
        metrics.rateLimitWaited("orders", Duration.ofMillis(20));
        metrics.rateLimit("invoices", 5);

        metrics.rateLimitGone("orders");
        assertNull(registry.find("warren.rate.limit").tag("queue", "orders").gauge());
        assertNull(registry.find("warren.rate.limit.wait").tag("queue", "orders").timer());
        assertEquals(5.0, registry.get("warren.rate.limit").tag("queue", "invoices").gauge().value(), "others stay");

        metrics.rateLimitGone("orders");
        metrics.circuitGone("never-had-one");
        assertNull(registry.find("warren.circuit.state").gauge());
    }
}
