package dev.warren.delivery;

import dev.warren.broker.DelayQueues;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry waits share wait queues: a delay is rounded up to two significant digits. */
class DelayBucketTest {

    @Test
    void noDelayNeedsNoWaitQueue() {
        assertEquals(0, DelayQueues.bucket(0));
        assertEquals(0, DelayQueues.bucket(-5));
    }

    @Test
    void delaysAreRoundedUpToTwoSignificantDigits() {
        assertEquals(1, DelayQueues.bucket(1));
        assertEquals(99, DelayQueues.bucket(99));
        assertEquals(100, DelayQueues.bucket(100));
        assertEquals(110, DelayQueues.bucket(101));
        assertEquals(1000, DelayQueues.bucket(999));
        assertEquals(1300, DelayQueues.bucket(1234));
        assertEquals(2000, DelayQueues.bucket(2000));
        assertEquals(300_000, DelayQueues.bucket(300_000));
    }

    @Test
    void aBucketNeverShortensADelayAndLengthensItByLessThanATenth() {
        for (long delay = 1; delay <= 5_000_000; delay = delay < 2000 ? delay + 1 : delay + 997) {
            long bucket = DelayQueues.bucket(delay);
            assertTrue(bucket >= delay, delay + " -> " + bucket);
            assertTrue(bucket - delay <= Math.max(0, delay / 10), delay + " -> " + bucket);
        }
    }
}
