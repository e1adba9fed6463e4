package dev.warren.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The states of a job, and which changes between them are legal. */
public enum JobStatus {
    QUEUED, STARTED, RETRYING, FINISHED, FAILED, CANCELLED;

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

    /** States a consumer may start (again) from: a redelivery after a crash finds the job started. */
    public static final Set<JobStatus> STARTABLE = EnumSet.of(QUEUED, RETRYING, STARTED);
    /** States a job can be cancelled from: it has not started, so it will never be delivered. */
    public static final Set<JobStatus> CANCELLABLE = EnumSet.of(QUEUED, RETRYING);
    /** States a job can be queued again from. */
    public static final Set<JobStatus> RETRYABLE = EnumSet.of(FAILED, CANCELLED);

    public boolean canMoveTo(JobStatus next) {
        return switch (next) {
            case QUEUED -> RETRYABLE.contains(this);
            case STARTED -> STARTABLE.contains(this);
            case RETRYING, FINISHED, FAILED -> this == STARTED;
            case CANCELLED -> CANCELLABLE.contains(this);
        };
    }

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
