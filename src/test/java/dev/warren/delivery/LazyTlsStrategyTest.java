package dev.warren.delivery;

import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LazyTlsStrategyTest {

    @Test
    void makesItsStrategyOnTheFirstUpgradeAndOnlyOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger upgrades = new AtomicInteger();
        TlsSocketStrategy real = (socket, target, port, attachment, context) -> {
            upgrades.incrementAndGet();
            return null;
        };
        LazyTlsStrategy lazy = new LazyTlsStrategy(() -> {
            made.incrementAndGet();
            return real;
        });

        assertEquals(0, made.get());
        lazy.upgrade(null, "a.example", 443, null, null);
        lazy.upgrade(null, "b.example", 443, null, null);

        assertEquals(1, made.get());
        assertEquals(2, upgrades.get());
    }
}
