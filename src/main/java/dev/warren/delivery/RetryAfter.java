package dev.warren.delivery;

import dev.warren.workers.RetryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP Retry-After value: delta-seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait in milliseconds, or null when the value is absent or unreadable. */
    public static Long parseMs(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            long seconds = Long.parseLong(trimmed);
            return seconds < 0 ? null : Math.min(seconds, RetryPolicy.MAX_BACKOFF_MS / 1000) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Math.min(Duration.between(now, at).toMillis(), RetryPolicy.MAX_BACKOFF_MS));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
