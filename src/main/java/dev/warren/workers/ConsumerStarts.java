package dev.warren.workers;

import org.springframework.amqp.rabbit.listener.ConsumeOkEvent;
import org.springframework.context.ApplicationEventPublisher;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Starts the consumers a listener container adds all at once, and waits until the broker has registered them
 * (their consume-ok events, which the container publishes here).
 */
final class ConsumerStarts implements ApplicationEventPublisher {

    private final Semaphore registered = new Semaphore(0);

    @Override
    public void publishEvent(Object event) {
        if (event instanceof ConsumeOkEvent) {
            registered.release();
        }
    }

    /**
     * Runs grow (a call that makes the container add consumers) so that the added consumers start together, then
     * waits up to timeout until the broker has registered added of them.
     *
     * @return whether all of them were registered within the timeout
     */
    boolean startTogether(Runnable grow, int added, Duration timeout) {
        registered.drainPermits();
        boolean wasInterrupted = Thread.interrupted();
        try {
            startWithoutWaiting(grow);
            // a thread interrupted before (warren stopping) does not wait, as it did not in the container
            return !wasInterrupted && registered.tryAcquire(added, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            wasInterrupted = true;
            return false;
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * SimpleMessageListenerContainer.addAndStartConsumers starts one consumer and waits for it to start (a channel,
     * queue.declare, basic.qos and basic.consume, each a round trip to the broker) before the next: 50 consumers
     * took 50 starts in a row. That wait returns at once on an interrupted thread and the loop goes on to the next
     * consumer, so with the flag set every consumer is started without waiting for the one before.
     */
    private static void startWithoutWaiting(Runnable grow) {
        Thread.currentThread().interrupt();
        try {
            grow.run();
        } finally {
            Thread.interrupted();
        }
    }
}
