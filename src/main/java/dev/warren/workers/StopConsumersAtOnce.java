package dev.warren.workers;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** When Camel begins to stop, stops every worker group's consumers together and cuts their calls at the timeout. */
public final class StopConsumersAtOnce extends SimpleEventNotifierSupport {

    /** How long cut deliveries get to give their messages back (and Camel's routes to stop) after the timeout. */
    private static final Duration CLOSING = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(StopConsumersAtOnce.class);

    private final ListenerContainers containers;
    private final Duration timeout;
    private final Runnable cutCalls;

    /**
     * @param timeout  how long the consumers' deliveries in hand get to finish (warren.shutdown.timeout)
     * @param cutCalls cuts the calls to targets still under way
     */
    public StopConsumersAtOnce(ListenerContainers containers, Duration timeout, Runnable cutCalls) {
        this.containers = containers;
        this.timeout = timeout;
        this.cutCalls = cutCalls;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        // Camel would stop the routes one by one; a channel closes only long after the cut, so that a cut delivery's
        // message goes back to the broker once nothing delivers it any more
        CountDownLatch stopped = containers.stopAll(timeout.plus(CLOSING).plus(CLOSING));
        long groups = stopped.getCount();
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} of {} worker groups still delivering after {} s: their calls are cut and their tasks go back"
                        + " to their queues", stopped.getCount(), groups, timeout.toSeconds());
                cutCalls.run();
                if (!stopped.await(CLOSING.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} worker groups' consumers still stopping {} s after the cut", stopped.getCount(),
                            CLOSING.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the deliveries had their timeout: Camel's own graceful stop of the routes waits no second one
        ((CamelEvent.CamelContextStoppingEvent) event).getContext().getShutdownStrategy().setTimeout(CLOSING.toSeconds());
    }
}
