package dev.warren.jobs;

import java.time.Instant;
import java.util.Locale;

/**
 * A queue warren emptied through its API, by a purge or by deleting it, at a time taken just before it asked the
 * broker: a job left open and unchanged since then had its message removed by it.
 */
public record QueueEmptied(Instant at, By by) {

    /** How the queue was emptied; stored as its lower-case name. */
    public enum By {
        PURGE, DELETE;

        String sql() {
            return name().toLowerCase(Locale.ROOT);
        }

        static By parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
