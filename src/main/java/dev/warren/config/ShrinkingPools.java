package dev.warren.config;

import io.vertx.core.spi.ExecutorServiceFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's worker pools as Vert.x makes them (as many threads as its size, made on demand, a queue beyond that), except
 * that a thread unused for a while ends: a burst of requests does not keep its threads and their stacks for good.
 */
final class ShrinkingPools implements ExecutorServiceFactory {

    private final Duration keepAlive;

    ShrinkingPools(Duration keepAlive) {
        this.keepAlive = keepAlive;
    }

    @Override
    public ExecutorService createExecutor(ThreadFactory threadFactory, Integer concurrency, Integer maxConcurrency) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(maxConcurrency, maxConcurrency,
                keepAlive.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threadFactory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
