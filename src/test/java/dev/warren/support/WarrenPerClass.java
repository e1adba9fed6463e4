package dev.warren.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class whose scenarios share one warren with the default settings, started once for the class, and the test
 * broker. A subclass's own @BeforeAll runs after this one, its @AfterAll before warren stops.
 */
public abstract class WarrenPerClass {

    protected static RunningWarren warren;
    protected static TestBroker broker;

    @BeforeAll
    static void startWarren() throws Exception {
        broker = TestBroker.get();
        warren = RunningWarren.start();
    }

    @AfterAll
    static void stopWarren() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }
}
