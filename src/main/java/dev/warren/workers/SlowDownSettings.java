package dev.warren.workers;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * How a worker group slows down when its target answers 429 or 503: a 429 without Retry-After pauses the group
 * pauseMs; each 429/503 halves the concurrency allowed, which grows by one per increaseEveryMs of successes.
 */
public record SlowDownSettings(Long pauseMs, Long increaseEveryMs) {

    public static final SlowDownSettings DEFAULT = new SlowDownSettings(1_000L, 1_000L);
    public static final long MAX_MS = 3_600_000L;

    public SlowDownSettings withDefaults() {
        return new SlowDownSettings(pauseMs != null ? pauseMs : DEFAULT.pauseMs,
                increaseEveryMs != null ? increaseEveryMs : DEFAULT.increaseEveryMs);
    }

    public List<FieldError> errors(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (pauseMs != null && (pauseMs < 0 || pauseMs > MAX_MS)) {
            errors.add(new FieldError(prefix + "pauseMs", "must be between 0 and " + MAX_MS));
        }
        if (increaseEveryMs != null && (increaseEveryMs < 10 || increaseEveryMs > MAX_MS)) {
            errors.add(new FieldError(prefix + "increaseEveryMs", "must be between 10 and " + MAX_MS));
        }
        return errors;
    }
}
