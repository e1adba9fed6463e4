package dev.warren.delivery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Additive increase, multiplicative decrease of a group's concurrency towards its target. */
class AimdTest {

    @Test
    void noLimitUntilTheTargetAsksForLess() {
        Aimd aimd = new Aimd(1_000);
        assertNull(aimd.allowed());
        assertTrue(aimd.admits(1_000));
    }

    @Test
    void eachSlowDownHalvesNeverBelowOne() {
        Aimd aimd = new Aimd(1_000);
        aimd.decrease(10, 0);
        assertEquals(5, aimd.allowed());
        aimd.decrease(10, 1);
        assertEquals(2, aimd.allowed());
        aimd.decrease(10, 2);
        aimd.decrease(10, 3);
        assertEquals(1, aimd.allowed());
        assertTrue(aimd.admits(0));
        assertFalse(aimd.admits(1));
    }

    @Test
    void successesAddOnePerIntervalUpToNoLimit() {
        Aimd aimd = new Aimd(1_000);
        aimd.decrease(4, 0);
        assertEquals(2, aimd.allowed());
        aimd.succeeded(4, 500);
        assertEquals(2, aimd.allowed(), "not before an interval passed");
        aimd.succeeded(4, 1_000);
        assertEquals(3, aimd.allowed());
        aimd.succeeded(4, 1_500);
        assertEquals(3, aimd.allowed());
        aimd.succeeded(4, 2_000);
        assertNull(aimd.allowed(), "back to every consumer");
    }
}
