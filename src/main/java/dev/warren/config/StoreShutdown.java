package dev.warren.config;

import dev.warren.jobs.JobStore;
import dev.warren.store.Store;

/**
 * Closes the job store, then the database it writes to. Bound apart, the two were closed in no set order, and the job
 * writer's last group commit (attempts that ended while warren stopped, pending starts) could find the pool closed.
 */
public final class StoreShutdown implements AutoCloseable {

    private final JobStore jobs;
    private final Store store;

    public StoreShutdown(JobStore jobs, Store store) {
        this.jobs = jobs;
        this.store = store;
    }

    @Override
    public void close() {
        try {
            jobs.close();
        } finally {
            store.close();
        }
    }
}
