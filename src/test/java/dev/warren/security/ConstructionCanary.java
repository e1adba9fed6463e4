package dev.warren.security;

import java.util.concurrent.atomic.AtomicInteger;

/** A class an attacker names in "#class:" text: it counts every instance made, so a test can see that none was. */
public final class ConstructionCanary {

    static final AtomicInteger MADE = new AtomicInteger();

    public ConstructionCanary() {
        MADE.incrementAndGet();
    }

    public ConstructionCanary(String ignored) {
        MADE.incrementAndGet();
    }
}
