package dev.warren.jobs;

import java.time.Instant;

/**
 * Which jobs a list shows: each part is null when not asked for. since and until bound the creation time (since
 * included, until not); text is searched for in text and JSON payloads, case-insensitively.
 */
public record JobFilter(String queue, JobStatus status, Instant since, Instant until, String text) {

    public static JobFilter of(String queue, JobStatus status) {
        return new JobFilter(queue, status, null, null, null);
    }

    /** The same filter for another queue (a scoped caller's lists go queue by queue or over all). */
    public JobFilter withQueue(String other) {
        return new JobFilter(other, status, since, until, text);
    }
}
