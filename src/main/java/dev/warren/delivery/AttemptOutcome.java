package dev.warren.delivery;

/** What becomes of a task after one delivery attempt. */
public sealed interface AttemptOutcome {

    /** The target took it (2xx): acknowledge. */
    record Succeeded() implements AttemptOutcome {
    }

    /** A transient failure: try again after this many milliseconds. */
    record Retry(long delayMs, String reason) implements AttemptOutcome {
    }

    /** A permanent failure, or retries used up: move the task to the dead-letter queue. */
    record DeadLetter(String reason) implements AttemptOutcome {
    }
}
