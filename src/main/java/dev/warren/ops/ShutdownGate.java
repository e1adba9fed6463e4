package dev.warren.ops;

import dev.warren.api.ProblemException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes when Camel begins to stop (SIGTERM, Main stop): from then on publishes are refused with 503, so that a
 * client retries elsewhere or later rather than handing a task to a warren that is going away.
 */
public final class ShutdownGate extends SimpleEventNotifierSupport {

    /** The bean name the API routes check the gate by. */
    public static final String BEAN = "shutdownGate";
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownGate.class);

    private volatile boolean closed;

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        close();
    }

    public void close() {
        if (!closed) {
            closed = true;
            LOG.info("Shutting down: publishes are refused from now on, in-flight deliveries finish");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Throws the 503 a publish gets once shutdown has begun. */
    public void checkOpen() {
        if (closed) {
            throw unavailable();
        }
    }

    public static ProblemException unavailable() {
        return ProblemException.unavailable("warren is shutting down and accepts no more tasks; "
                + "retry against another instance or after it restarted");
    }
}
