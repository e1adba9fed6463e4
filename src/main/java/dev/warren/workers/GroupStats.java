package dev.warren.workers;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one worker group and what each of its consumer threads is doing. */
public final class GroupStats {

    /** The task a consumer thread is working on, and since when. */
    public record Activity(String job, Instant since) {
    }

    /** Tasks settled: succeeded or failed (dead-lettered), once each however many attempts they took. */
    public final AtomicLong processed = new AtomicLong();
    public final AtomicLong succeeded = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong retried = new AtomicLong();
    public final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Activity> byThread = new ConcurrentHashMap<>();

    public void started(String thread, String job) {
        inFlight.incrementAndGet();
        byThread.put(thread, new Activity(job, Instant.now()));
    }

    public void ended(String thread) {
        inFlight.decrementAndGet();
        byThread.put(thread, new Activity(null, Instant.now()));
    }

    /** A task delivered: it is settled. */
    public void countSucceeded() {
        succeeded.incrementAndGet();
        processed.incrementAndGet();
    }

    /** A task dead-lettered: it is settled. */
    public void countFailed() {
        failed.incrementAndGet();
        processed.incrementAndGet();
    }

    /** What the thread works on; a thread that has not taken a task yet is idle. */
    public Activity activity(String thread, Instant threadStarted) {
        return byThread.getOrDefault(thread, new Activity(null, threadStarted));
    }
}
