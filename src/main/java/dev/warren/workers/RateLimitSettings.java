package dev.warren.workers;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker group's rate limit: at most perSecond deliveries a second over the whole group, at most burst of them at
 * once. Split over the instances that run the group by their share of its consumers.
 */
public record RateLimitSettings(Double perSecond, Integer burst) {

    public static final double MIN_PER_SECOND = 0.01;
    public static final double MAX_PER_SECOND = 10_000;
    public static final int DEFAULT_BURST = 1;

    /** These settings with the default burst when none is given. */
    public RateLimitSettings withDefaults() {
        return new RateLimitSettings(perSecond, burst != null ? burst : DEFAULT_BURST);
    }

    public List<FieldError> errors(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        boolean rateValid = perSecond != null && !perSecond.isNaN() && perSecond >= MIN_PER_SECOND
                && perSecond <= MAX_PER_SECOND;
        if (!rateValid) {
            errors.add(new FieldError(prefix + "perSecond", "is required, between " + MIN_PER_SECOND + " and "
                    + (long) MAX_PER_SECOND));
        }
        // more than a second's permits at once would make the rate over a minute uneven
        if (burst != null && (burst < 1 || (rateValid && burst > Math.max(1, perSecond)))) {
            errors.add(new FieldError(prefix + "burst", "must be between 1 and perSecond (at least 1)"));
        }
        return errors;
    }

    /**
     * The part of the limit for an instance that runs share of the group's count consumers: the rate times
     * share / count, and the burst likewise but at least 1. Null when the instance runs none of the group.
     */
    public RateLimitSettings here(int share, int count) {
        if (share <= 0 || count <= 0) {
            return null;
        }
        double part = Math.min(1.0, (double) share / count);
        return new RateLimitSettings(perSecond * part, Math.max(1, (int) Math.round(burst * part)));
    }

    /** How long one period of burst permits lasts at this rate, in nanoseconds (at least 1). */
    public long periodNanos() {
        return Math.max(1, Math.round(burst * 1_000_000_000.0 / perSecond));
    }
}
