package dev.warren.delivery;

import org.apache.camel.Exchange;

/**
 * A worker type's begin, prepareHttpCall and complete for tasks that do not come from a queue (Kafka records): the
 * source puts its own in the exchange property {@link DeliverySteps#SOURCE_STEPS}, and the bean "worker" hands them
 * the exchange. A message cannot set an exchange property, so a task never chooses them.
 */
public interface SourceSteps {

    void begin(Exchange exchange);

    void prepareHttpCall(Exchange exchange);

    void complete(Exchange exchange);
}
