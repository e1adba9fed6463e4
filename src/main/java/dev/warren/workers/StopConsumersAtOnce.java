package dev.warren.workers;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

import java.time.Duration;

/** When Camel begins to stop, stops every worker group's consumers together, before Camel stops their routes one by one. */
public final class StopConsumersAtOnce extends SimpleEventNotifierSupport {

    private final ListenerContainers containers;
    private final Duration wait;

    /** @param wait how long to wait for the consumers' deliveries in hand (warren.shutdown.timeout) */
    public StopConsumersAtOnce(ListenerContainers containers, Duration wait) {
        this.containers = containers;
        this.wait = wait;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        containers.stopAll(wait);
    }
}
