package dev.warren.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attempts that have started but whose start is not written to the store yet: on a store no other process writes,
 * a quick attempt is written once, when it ends. Used by the job writer's thread only; {@link #isEmpty()} from any.
 */
final class UnwrittenStarts {

    /** Attempt n of a job, at this generation, started at this time by this worker. */
    record Start(String jobId, int attempt, int generation, Instant at, String worker) {
    }

    private final Map<String, Start> starts = new ConcurrentHashMap<>();

    void add(Start start) {
        starts.put(start.jobId(), start);
    }

    boolean has(String jobId) {
        return starts.containsKey(jobId);
    }

    /** Takes the job's unwritten start, if it has one: whoever takes it writes it. */
    Optional<Start> take(String jobId) {
        return Optional.ofNullable(starts.remove(jobId));
    }

    /** Forgets the start of attempt n once the attempt has ended (its end writes the start too). */
    void ended(String jobId, int attempt) {
        starts.computeIfPresent(jobId, (id, start) -> start.attempt() == attempt ? null : start);
    }

    /** Takes the starts made before this time. */
    List<Start> takeStartedBefore(Instant time) {
        List<Start> taken = new ArrayList<>();
        for (Start start : starts.values()) {
            if (start.at().isBefore(time) && starts.remove(start.jobId(), start)) {
                taken.add(start);
            }
        }
        return taken;
    }

    boolean isEmpty() {
        return starts.isEmpty();
    }
}
