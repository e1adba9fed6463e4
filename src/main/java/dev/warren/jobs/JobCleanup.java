package dev.warren.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes ended jobs past their retention, periodically and on its own thread, never in an API call. */
public final class JobCleanup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobCleanup.class);

    private final JobStore store;
    private final Duration retention;
    private final Duration failedRetention;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warren-job-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    public JobCleanup(JobStore store, Duration retention, Duration failedRetention) {
        this.store = store;
        this.retention = retention;
        this.failedRetention = failedRetention;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
        scheduler.shutdownNow();
    }
}
