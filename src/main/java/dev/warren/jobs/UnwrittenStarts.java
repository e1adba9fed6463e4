package dev.warren.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Attempts that have started but whose start the store does not show yet: on a store no other process writes, a
 * quick attempt is written once, when it ends. A start stays here until the store shows it (its start or its end
 * committed), so that a consumer that finds it here knows the store is behind. A quick claim of a job excludes its
 * cancel and its claims through the writer: {@link #claiming} against {@link #exclusive}.
 */
final class UnwrittenStarts {

    /** Attempt n of a job, at this generation, started at this time by this worker. */
    record Start(String jobId, int attempt, int generation, Instant at, String worker) {
    }

    private static final int STRIPES = 64;

    private final Map<String, Start> starts = new ConcurrentHashMap<>();
    private final Map<String, Integer> claimsThroughWriter = new ConcurrentHashMap<>();
    private final ReadWriteLock[] locks = new ReadWriteLock[STRIPES];

    UnwrittenStarts() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    /** Held while a consumer reads a job and records its start; claims of different jobs run side by side. */
    Lock claiming(String jobId) {
        return locks[Math.floorMod(jobId.hashCode(), STRIPES)].readLock();
    }

    /** Held while a job is cancelled, or a claim of it is handed to the writer: no quick claim reads it meanwhile. */
    Lock exclusive(String jobId) {
        return locks[Math.floorMod(jobId.hashCode(), STRIPES)].writeLock();
    }

    /** A claim of the job goes through the writer (under {@link #exclusive}): quick claims wait for the store. */
    void claimThroughWriter(String jobId) {
        claimsThroughWriter.merge(jobId, 1, Integer::sum);
    }

    /** That claim is committed. */
    void claimedThroughWriter(String jobId) {
        claimsThroughWriter.computeIfPresent(jobId, (id, count) -> count == 1 ? null : count - 1);
    }

    /** Records a start; false when the job already has one the store does not show (the same message twice). */
    boolean add(Start start) {
        return starts.putIfAbsent(start.jobId(), start) == null;
    }

    /** True when the store may be behind on the job: a start of it is unwritten, or a claim of it is in the writer. */
    boolean pending(String jobId) {
        return starts.containsKey(jobId) || claimsThroughWriter.containsKey(jobId);
    }

    Optional<Start> of(String jobId) {
        return Optional.ofNullable(starts.get(jobId));
    }

    /** Forgets a start the store now shows. */
    void written(Start start) {
        starts.remove(start.jobId(), start);
    }

    /** Forgets the start of attempt n once the store shows how it ended. */
    void ended(String jobId, int attempt) {
        starts.computeIfPresent(jobId, (id, start) -> start.attempt() == attempt ? null : start);
    }

    /** The starts made before this time. */
    List<Start> startedBefore(Instant time) {
        return starts.values().stream().filter(start -> start.at().isBefore(time)).toList();
    }

    boolean isEmpty() {
        return starts.isEmpty();
    }
}
