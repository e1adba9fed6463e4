package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes job changes in group commits: one thread takes every change waiting and applies them in one transaction,
 * so the store pays one commit for many tasks. When several are waiting (others are on their way), it waits a little
 * for more, as long as they keep coming, up to a linger: a lone change is committed at once. A caller that needs its write durable (a publish, a claim) waits on
 * the returned future; status updates after a delivery do not wait. Changes are applied in the order submitted.
 */
public final class JobWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWriter.class);
    private static final int MAX_BATCH = 1000;

    /** A write, its result once applied, and the future told once the result is committed. */
    private static final class Change<T> {
        final Function<Handle, T> write;
        final CompletableFuture<T> done;
        T result;

        Change(Function<Handle, T> write, CompletableFuture<T> done) {
            this.write = write;
            this.done = done;
        }

        void apply(Handle handle) {
            result = write.apply(handle);
        }

        void committed() {
            done.complete(result);
        }
    }

    private final Jdbi jdbi;
    private final long lingerNanos;
    private final BlockingQueue<Change<?>> pending = new LinkedBlockingQueue<>();
    private final ExecutorService thread;
    private volatile boolean running = true;

    /** @param thread a single thread of its own, which the writer's loop holds until {@link #close} */
    public JobWriter(Jdbi jdbi, ExecutorService thread) {
        this(jdbi, thread, Duration.ZERO);
    }

    /**
     * @param linger how long, at most, a commit of several changes waits for more (an embedded store pays about
     *               the same for a commit of one change as of fifty)
     */
    public JobWriter(Jdbi jdbi, ExecutorService thread, Duration linger) {
        this.jdbi = jdbi;
        this.lingerNanos = linger.toNanos();
        this.thread = thread;
        thread.execute(this::run);
    }

    /** Queues a change; the future completes with its result once it is committed. */
    public <T> CompletableFuture<T> submit(Function<Handle, T> write) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the job store is closed"));
            return done;
        }
        pending.add(new Change<>(write, done));
        return done;
    }

    /** Queues a change and waits until it is committed. */
    public <T> T write(Function<Handle, T> write) {
        return submit(write).join();
    }

    /** Waits until everything submitted so far is committed. */
    public void flush() {
        write(handle -> null);
    }

    private void run() {
        List<Change<?>> batch = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Change<?> first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                if (batch.size() > 1) {
                    gather(batch);
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Adds the changes that keep coming (each within a fifth of the linger of the one before), up to the linger. */
    private void gather(List<Change<?>> batch) throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        long gap = lingerNanos / 5;
        for (long left = lingerNanos; left > 0 && batch.size() < MAX_BATCH; left = until - System.nanoTime()) {
            Change<?> next = pending.poll(Math.min(gap, left), TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            pending.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void commit(List<Change<?>> batch) {
        try {
            jdbi.useTransaction(handle -> batch.forEach(change -> change.apply(handle)));
            batch.forEach(Change::committed);
        } catch (RuntimeException batchFailed) {
            if (isUnreachable(batchFailed)) {
                // no connection to be had: one by one, each change would wait for one again
                LOG.warn("{} job store write(s) failed: {}", batch.size(), batchFailed.getMessage());
                batch.forEach(change -> change.done.completeExceptionally(batchFailed));
                return;
            }
            // one bad change must not fail the others: apply them one by one, each in its own transaction
            for (Change<?> change : batch) {
                try {
                    jdbi.useTransaction(change::apply);
                    change.committed();
                } catch (RuntimeException e) {
                    LOG.warn("A job store write failed: {}", e.getMessage());
                    change.done.completeExceptionally(e);
                }
            }
        }
    }

    /** True when the failure is about reaching the database (no connection in time, connection lost), not a change. */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLException e && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** Stops taking changes, commits those already submitted (for up to 10 s), then ends its thread. */
    @Override
    public void close() {
        running = false;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The job writer did not commit every change within 10 s of the stop");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
