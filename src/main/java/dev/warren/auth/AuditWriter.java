package dev.warren.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes audit entries off the request's thread, a short while after the first one waiting, every entry then waiting in
 * one transaction: under load one commit per request made the audit log the largest cost of a publish. A failed write
 * is logged and does not fail a request.
 */
public final class AuditWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 1000;
    /** How long the first entry waits for others to share its commit. */
    static final Duration LINGER = Duration.ofMillis(100);

    private final AuditLog log;
    private final ScheduledExecutorService background;
    private final Queue<AuditEntry> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    public AuditWriter(AuditLog log, ScheduledExecutorService background) {
        this.log = log;
        this.background = background;
    }

    /** Queues the entry; it is written with those queued beside it. */
    public void write(AuditEntry entry) {
        pending.add(entry);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            background.schedule(this::drain, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            draining.set(false);
            List<AuditEntry> lost = take();
            LOG.warn("{} audit entr(ies) not written: {}", lost.size(), e.toString());
        }
    }

    /** Writes what waits now, on the caller's thread: warren stops, and the store closes after this. */
    @Override
    public void close() {
        writePending();
    }

    private void drain() {
        try {
            writePending();
        } finally {
            draining.set(false);
            // an entry queued after the last take but before the flag was cleared
            scheduleDrain();
        }
    }

    private void writePending() {
        for (List<AuditEntry> batch = take(); !batch.isEmpty(); batch = take()) {
            try {
                log.write(batch);
            } catch (RuntimeException e) {
                LOG.warn("{} audit entr(ies) not written: {}", batch.size(), e.getMessage());
            }
        }
    }

    private List<AuditEntry> take() {
        List<AuditEntry> batch = new ArrayList<>();
        for (AuditEntry entry = pending.poll(); entry != null; entry = batch.size() < MAX_BATCH ? pending.poll() : null) {
            batch.add(entry);
        }
        return batch;
    }
}
