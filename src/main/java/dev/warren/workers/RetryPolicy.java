package dev.warren.workers;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/** How a worker group retries a failed delivery: attempts in all, and an exponential backoff between them. */
public record RetryPolicy(Integer maxAttempts, Long backoffMs, Double backoffMultiplier, Long maxBackoffMs) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 1000L, 2.0, 300_000L);
    public static final int MAX_ATTEMPTS = 100;
    public static final long MAX_BACKOFF_MS = 7L * 24 * 3600 * 1000;

    /** This policy with every missing value taken from the default. */
    public RetryPolicy withDefaults() {
        return new RetryPolicy(maxAttempts != null ? maxAttempts : DEFAULT.maxAttempts,
                backoffMs != null ? backoffMs : DEFAULT.backoffMs,
                backoffMultiplier != null ? backoffMultiplier : DEFAULT.backoffMultiplier,
                maxBackoffMs != null ? maxBackoffMs : Math.max(DEFAULT.maxBackoffMs, backoffMs != null ? backoffMs : 0));
    }

    public List<FieldError> errors(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)) {
            errors.add(new FieldError(prefix + "maxAttempts", "must be between 1 and " + MAX_ATTEMPTS));
        }
        if (backoffMs != null && (backoffMs < 0 || backoffMs > MAX_BACKOFF_MS)) {
            errors.add(new FieldError(prefix + "backoffMs", "must be between 0 and " + MAX_BACKOFF_MS));
        }
        if (backoffMultiplier != null && (backoffMultiplier < 1.0 || backoffMultiplier > 10.0)) {
            errors.add(new FieldError(prefix + "backoffMultiplier", "must be between 1.0 and 10.0"));
        }
        if (maxBackoffMs != null && (maxBackoffMs < 0 || maxBackoffMs > MAX_BACKOFF_MS)) {
            errors.add(new FieldError(prefix + "maxBackoffMs", "must be between 0 and " + MAX_BACKOFF_MS));
        }
        if (maxBackoffMs != null && backoffMs != null && maxBackoffMs < backoffMs) {
            errors.add(new FieldError(prefix + "maxBackoffMs", "must not be less than backoffMs"));
        }
        return errors;
    }

    /** The wait after failed attempt n (1-based): backoffMs * multiplier^(n-1), capped at maxBackoffMs. */
    public long backoffAfter(int attempt) {
        double delay = backoffMs * Math.pow(backoffMultiplier, Math.max(0, attempt - 1));
        return (long) Math.min(delay, maxBackoffMs);
    }
}
