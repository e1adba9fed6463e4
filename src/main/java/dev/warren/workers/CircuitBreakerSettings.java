package dev.warren.workers;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker group's circuit breaker for its target: it opens after failureThreshold failures in a row, or when the
 * failures reach failureRatio of the last window attempts; it stays open coolOffMs, doubling on each failed probe up
 * to maxCoolOffMs.
 */
public record CircuitBreakerSettings(Integer failureThreshold, Double failureRatio, Integer window, Long coolOffMs,
                                     Long maxCoolOffMs) {

    public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(5, 0.5, 20, 5_000L, 60_000L);
    public static final long MAX_COOL_OFF_MS = 3_600_000L;

    /** These settings with every missing value taken from the default. */
    public CircuitBreakerSettings withDefaults() {
        long coolOff = coolOffMs != null ? coolOffMs : DEFAULT.coolOffMs;
        return new CircuitBreakerSettings(failureThreshold != null ? failureThreshold : DEFAULT.failureThreshold,
                failureRatio != null ? failureRatio : DEFAULT.failureRatio, window != null ? window : DEFAULT.window,
                coolOff, maxCoolOffMs != null ? maxCoolOffMs : Math.max(DEFAULT.maxCoolOffMs, coolOff));
    }

    public List<FieldError> errors(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (failureThreshold != null && (failureThreshold < 1 || failureThreshold > 1000)) {
            errors.add(new FieldError(prefix + "failureThreshold", "must be between 1 and 1000"));
        }
        if (failureRatio != null && (failureRatio <= 0.0 || failureRatio > 1.0)) {
            errors.add(new FieldError(prefix + "failureRatio", "must be above 0 and at most 1"));
        }
        if (window != null && (window < 1 || window > 1000)) {
            errors.add(new FieldError(prefix + "window", "must be between 1 and 1000"));
        }
        if (coolOffMs != null && (coolOffMs < 100 || coolOffMs > MAX_COOL_OFF_MS)) {
            errors.add(new FieldError(prefix + "coolOffMs", "must be between 100 and " + MAX_COOL_OFF_MS));
        }
        if (maxCoolOffMs != null && (maxCoolOffMs < 100 || maxCoolOffMs > MAX_COOL_OFF_MS)) {
            errors.add(new FieldError(prefix + "maxCoolOffMs", "must be between 100 and " + MAX_COOL_OFF_MS));
        }
        if (coolOffMs != null && maxCoolOffMs != null && maxCoolOffMs < coolOffMs) {
            errors.add(new FieldError(prefix + "maxCoolOffMs", "must not be less than coolOffMs"));
        }
        return errors;
    }

    /** The cool-off after the breaker opened for the n-th time in a row (1 = from closed): doubling, capped. */
    public long coolOffAfter(int opening) {
        double wait = coolOffMs * Math.pow(2, Math.max(0, Math.min(opening, 40) - 1));
        return (long) Math.min(wait, maxCoolOffMs);
    }
}
