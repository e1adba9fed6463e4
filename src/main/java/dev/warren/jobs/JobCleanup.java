package dev.warren.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes ended jobs past their retention, periodically and on its own thread, never in an API call. */
public final class JobCleanup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobCleanup.class);

    private final JobStore store;
    private final Duration retention;
    private final Duration failedRetention;
    private ScheduledExecutorService scheduler;

    public JobCleanup(JobStore store, Duration retention, Duration failedRetention) {
        this.store = store;
        this.retention = retention;
        this.failedRetention = failedRetention;
    }

    /** Runs on this scheduler (a thread of its own from Camel's ExecutorServiceManager), the first time one interval from now, then every interval. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        start(scheduler, interval, () -> true);
    }

    /** As {@link #start(ScheduledExecutorService, Duration)}, running only when it is this instance's turn (one at a time). */
    public void start(ScheduledExecutorService scheduler, Duration interval, java.util.function.BooleanSupplier ourTurn) {
        this.scheduler = scheduler;
        scheduler.scheduleWithFixedDelay(() -> {
            if (ourTurn.getAsBoolean()) {
                runSafely();
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes finished and cancelled jobs older than the retention, failed ones older than theirs. */
    public int run() {
        Instant now = Instant.now();
        int deleted = store.deleteEnded(now.minus(retention), now.minus(failedRetention));
        if (deleted > 0) {
            LOG.info("Deleted {} job(s) past their retention", deleted);
        }
        return deleted;
    }

    private void runSafely() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("Job cleanup failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
