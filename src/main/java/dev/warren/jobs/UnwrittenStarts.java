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
 * committed), so that a consumer that finds it here knows the store is behind. A claim and a cancel of the same job
 * exclude each other through {@link #claiming} and {@link #cancelling}.
 */
final class UnwrittenStarts {

    /** Attempt n of a job, at this generation, started at this time by this worker. */
    record Start(String jobId, int attempt, int generation, Instant at, String worker) {
    }

    private static final int STRIPES = 64;

    private final Map<String, Start> starts = new ConcurrentHashMap<>();
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

    /** Held while a job is cancelled: no claim of it reads the store meanwhile. */
    Lock cancelling(String jobId) {
        return locks[Math.floorMod(jobId.hashCode(), STRIPES)].writeLock();
    }

    /** Records a start; false when the job already has one the store does not show (the same message twice). */
    boolean add(Start start) {
        return starts.putIfAbsent(start.jobId(), start) == null;
    }

    boolean has(String jobId) {
        return starts.containsKey(jobId);
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
