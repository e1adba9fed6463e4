package dev.warren.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows at a glance, in one answer: readiness problems in words and each visible queue's counts,
 * consumers and recent rates. countsAt is when the broker last reported the counts (older than at when it fails).
 */
public record Overview(Instant at, boolean ready, List<String> problems, Instant countsAt, int sampleSeconds,
                       int historySamples, List<QueueSummary> queues) {

    /** One queue: ready, in flight (unacknowledged) and dead-lettered messages, its workers and its rates. */
    public record QueueSummary(String name, String type, long ready, long inFlight, long deadLetters, long consumers,
                               @JsonInclude(JsonInclude.Include.ALWAYS) Workers workers, RateHistory.Rates rates) {
    }

    /** A queue's worker group: its type, consumers desired and running, and state (running, paused, stopped). */
    public record Workers(String type, int desired, int running, String state) {
    }
}
