package dev.warren.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class whose scenarios share one warren with the default settings, started once for the class. */
public abstract class WarrenPerClass {

    protected static RunningWarren warren;

    @BeforeAll
    static void startWarren() throws Exception {
        warren = RunningWarren.start();
    }

    @AfterAll
    static void stopWarren() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }
}
