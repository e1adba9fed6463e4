package dev.warren.workers;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.AsyncConsumerStartedEvent;
import org.springframework.amqp.rabbit.listener.ConsumeOkEvent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting a container's added consumers together and waiting for their consume-oks, without a broker. */
class ConsumerStartsTest {

    private static ConsumeOkEvent consumeOk() {
        return new ConsumeOkEvent(new Object(), "q", "tag");
    }

    @Test
    void growRunsWithoutWaitingForEachConsumerAndTheWaitEndsWhenAllAreRegistered() {
        ConsumerStarts starts = new ConsumerStarts();
        AtomicBoolean interruptedWhileGrowing = new AtomicBoolean();
        boolean all = starts.startTogether(() -> {
            // as the container's wait for one consumer would: it returns at once on an interrupted thread
            CountDownLatch neverStarted = new CountDownLatch(1);
            try {
                neverStarted.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interruptedWhileGrowing.set(true);
                Thread.currentThread().interrupt();
            }
            new Thread(() -> {
                starts.publishEvent(consumeOk());
                starts.publishEvent(consumeOk());
            }).start();
        }, 2, Duration.ofSeconds(30));
        assertTrue(interruptedWhileGrowing.get(), "the container's per-consumer wait returns at once");
        assertTrue(all, "both consume-oks counted");
        assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared afterwards");
    }

    @Test
    void onlyConsumeOksCountAndEarlierOnesDoNot() {
        ConsumerStarts starts = new ConsumerStarts();
        starts.publishEvent(consumeOk());
        boolean all = starts.startTogether(() -> starts.publishEvent(new AsyncConsumerStartedEvent(this, null)), 1,
                Duration.ofMillis(50));
        assertFalse(all, "neither the consume-ok from before nor another event counts");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aThreadInterruptedBeforeAddsWithoutWaitingAndStaysInterrupted() {
        ConsumerStarts starts = new ConsumerStarts();
        Thread.currentThread().interrupt();
        try {
            AtomicBoolean grown = new AtomicBoolean();
            boolean waited = starts.startTogether(() -> grown.set(true), 1, Duration.ofMinutes(1));
            assertTrue(grown.get(), "the consumers are still added");
            assertFalse(waited, "an interrupted thread does not wait for them");
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
