package dev.warren.ops;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM into an orderly stop of Camel: in-flight deliveries finish, Camel Main returns and the JVM exits
 * with 0. Left to the JVM, SIGTERM runs the same shutdown in a hook but exits with 143, which container
 * platforms report as a failure.
 */
public final class TermSignal {

    private static final Logger LOG = LoggerFactory.getLogger(TermSignal.class);

    private TermSignal() {
    }

    public static void install(CamelContext context, ShutdownGate gate) {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                gate.close();
                // not on the signal thread: stopping waits for deliveries to finish
                Thread stopper = new Thread(() -> {
                    try {
                        context.stop();
                    } catch (RuntimeException e) {
                        LOG.error("Stopping on SIGTERM failed", e);
                    }
                }, "warren-sigterm");
                stopper.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("Cannot handle SIGTERM here ({}); the JVM's shutdown hook stops warren instead", e.getMessage());
        }
    }
}
