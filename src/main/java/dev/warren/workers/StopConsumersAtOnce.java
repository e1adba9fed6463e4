package dev.warren.workers;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

import java.time.Duration;

/** When Camel begins to stop, stops every worker group's consumers together and cuts their calls at the timeout. */
public final class StopConsumersAtOnce extends SimpleEventNotifierSupport {

    private final GroupStops stops;
    private final Duration timeout;
    private final Runnable cutCalls;

    /**
     * @param timeout  how long the consumers' deliveries in hand get to finish (warren.shutdown.timeout)
     * @param cutCalls cuts the calls to targets still under way
     */
    public StopConsumersAtOnce(GroupStops stops, Duration timeout, Runnable cutCalls) {
        this.stops = stops;
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
        stops.stopAll(timeout, cutCalls);
        // the deliveries had their timeout: Camel's own graceful stop of the routes waits no second one
        ((CamelEvent.CamelContextStoppingEvent) event).getContext().getShutdownStrategy()
                .setTimeout(GroupStops.CLOSING.toSeconds());
    }
}
