package dev.warren.ops;

import dev.warren.common.ProblemException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes when Camel begins to stop (SIGTERM, Main stop): from then on publishes are refused with 503, so that a
 * client retries elsewhere or later rather than handing a task to a warren that is going away. It opens only once
 * warren has started, worker groups restored: before that every API request is answered 503 (the API would not
 * know the groups yet), and readiness is DOWN.
 */
public final class ShutdownGate extends SimpleEventNotifierSupport {

    /** The bean name the API routes check the gate by. */
    public static final String BEAN = "shutdownGate";
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownGate.class);

    private volatile boolean closed;
    private volatile boolean started;

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

    /** warren has restored its worker groups: the API serves requests from now on. */
    public void started() {
        if (!started) {
            started = true;
            LOG.info("Worker groups restored: the API is open");
        }
    }

    public boolean isStarted() {
        return started;
    }

    /** Throws the 503 an API request gets before warren has restored its worker groups. */
    public void checkStarted() {
        if (!started) {
            throw starting();
        }
    }

    /** Throws the 503 a publish gets before warren has started or once shutdown has begun. */
    public void checkOpen() {
        checkStarted();
        if (closed) {
            throw unavailable();
        }
    }

    public static ProblemException starting() {
        return ProblemException.unavailable("warren is starting and restoring its worker groups; retry in a moment");
    }

    public static ProblemException unavailable() {
        return ProblemException.unavailable("warren is shutting down and accepts no more tasks; "
                + "retry against another instance or after it restarted");
    }
}
