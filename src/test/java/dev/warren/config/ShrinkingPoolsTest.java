package dev.warren.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShrinkingPoolsTest {

    @Test
    void runsAsManyTasksAtOnceAsItsSizeAndEndsItsThreadsOnceUnused() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) new ShrinkingPools(Duration.ofMillis(50))
                .createExecutor(Executors.defaultThreadFactory(), 4, 4);
        try {
            CountDownLatch running = new CountDownLatch(4);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    running.countDown();
                    await(release);
                });
            }
            assertTrue(running.await(10, TimeUnit.SECONDS), "all four run at once");
            assertEquals(4, pool.getPoolSize());
            release.countDown();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.getPoolSize() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(0, pool.getPoolSize(), "idle threads ended");

            CountDownLatch again = new CountDownLatch(1);
            pool.execute(again::countDown);
            assertTrue(again.await(10, TimeUnit.SECONDS), "a new task gets a new thread");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
