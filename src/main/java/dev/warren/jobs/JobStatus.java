package dev.warren.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The states of a job and the one definition of the changes between them ({@link Change}): the job store's SQL takes
 * its {@code status IN (...)} lists from here.
 */
public enum JobStatus {
    QUEUED, STARTED, RETRYING, FINISHED, FAILED, CANCELLED;

    /** Waiting for an attempt: never started, or between two attempts. */
    public static final Set<JobStatus> WAITING = Collections.unmodifiableSet(EnumSet.of(QUEUED, RETRYING));
    /** Not ended. */
    public static final Set<JobStatus> OPEN = Collections.unmodifiableSet(EnumSet.of(QUEUED, STARTED, RETRYING));
    /** Ended by an attempt, which stays on the job's row. */
    public static final Set<JobStatus> ENDED_BY_ATTEMPT = Collections.unmodifiableSet(EnumSet.of(FINISHED, FAILED));
    /** States a consumer may start (again) from: a redelivery after a crash finds the job started. */
    public static final Set<JobStatus> STARTABLE = Collections.unmodifiableSet(EnumSet.of(QUEUED, RETRYING, STARTED));
    /** States a job can be cancelled from: it has not started, so it will never be delivered. */
    public static final Set<JobStatus> CANCELLABLE = WAITING;
    /** States a job can be queued again from. */
    public static final Set<JobStatus> RETRYABLE = Collections.unmodifiableSet(EnumSet.of(FAILED, CANCELLED));

    /**
     * Every change of status warren makes: from these statuses to that one. The lifecycle changes are the contract's
     * ({@link #canMoveTo}); the recoveries correct a job whose message the broker settled without warren seeing it.
     */
    public enum Change {
        /** A consumer starts the next attempt of a waiting job. */
        START(STARTED, false, WAITING),
        /** A started job's message comes back (its attempt was cut off): that attempt is interrupted, another starts. */
        RESTART(STARTED, false, EnumSet.of(STARTED)),
        /** An attempt failed and another follows after a backoff. */
        RETRY_LATER(RETRYING, false, EnumSet.of(STARTED)),
        /** An attempt succeeded. */
        FINISH(FINISHED, false, EnumSet.of(STARTED)),
        /** The last attempt failed, or the failure is not retryable: the task is dead-lettered. */
        FAIL(FAILED, false, EnumSet.of(STARTED)),
        /** A user cancels a job that has not started: its message is dropped when it comes up. */
        CANCEL(CANCELLED, false, CANCELLABLE),
        /** A user retries a job that failed or was cancelled: queued again as a new generation. */
        RETRY(QUEUED, false, RETRYABLE),
        /** The dead letter a worker wrote for a failed job is replayed: queued again as a new generation. */
        REPLAY(QUEUED, false, EnumSet.of(FAILED)),
        /**
         * Recovery: the broker dead-lettered a message (TTL, queue length, delivery limit) whose job never ended, or that
         * failed; replaying it queues the job again as a new generation.
         */
        REPLAY_BROKER_DEAD_LETTER(QUEUED, true, EnumSet.of(QUEUED, STARTED, RETRYING, FAILED)),
        /** Recovery: the broker holds no message of an open job any more; its outcome is unknown, it is marked failed. */
        MARK_GONE(FAILED, true, OPEN),
        /**
         * Recovery: the broker holds no message of a waiting job unchanged since a purge or a delete of its queue through
         * warren removed its message; it is marked cancelled (never delivered, unless retried). A started job is not:
         * its message was with a consumer, which a purge leaves alone, so its outcome stays unknown (MARK_GONE).
         */
        MARK_PURGED(CANCELLED, true, WAITING);

        private final Set<JobStatus> from;
        private final JobStatus to;
        private final boolean recovery;

        Change(JobStatus to, boolean recovery, Set<JobStatus> from) {
            this.from = Collections.unmodifiableSet(EnumSet.copyOf(from));
            this.to = to;
            this.recovery = recovery;
        }

        /** The statuses a job may be in for this change to apply. */
        public Set<JobStatus> from() {
            return from;
        }

        public JobStatus to() {
            return to;
        }

        /** True for a correction after the broker settled a message warren did not see, outside the lifecycle. */
        public boolean recovery() {
            return recovery;
        }

        /** The change an attempt's end makes: to retrying, finished or failed. */
        public static Change ending(JobStatus to) {
            return Stream.of(RETRY_LATER, FINISH, FAIL).filter(change -> change.to == to).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("An attempt does not end a job as " + to));
        }
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobStatus> parse(String value) {
        for (JobStatus status : values()) {
            if (status.json().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** True when a lifecycle change (not a recovery) leads from this status to that one. */
    public boolean canMoveTo(JobStatus next) {
        return Stream.of(Change.values())
                .anyMatch(change -> !change.recovery && change.to == next && change.from.contains(this));
    }

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
