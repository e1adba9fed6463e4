package dev.warren.workers;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker group's autoscaling: warren sets its count between min and max from its queue's backlog, about
 * targetBacklogPerConsumer ready messages per consumer; it grows at once and shrinks only once the backlog has stayed
 * low for cooldownMs (absent: warren.autoscale.cooldown-ms).
 */
public record AutoscaleSettings(Integer min, Integer max, Integer targetBacklogPerConsumer, Long cooldownMs) {

    public static final int DEFAULT_MIN = 0;
    public static final int DEFAULT_TARGET_BACKLOG = 100;
    public static final int MAX_TARGET_BACKLOG = 1_000_000;
    public static final long MAX_COOLDOWN_MS = 3_600_000L;

    /** These settings with min and targetBacklogPerConsumer filled in; cooldownMs stays absent (warren's default). */
    public AutoscaleSettings withDefaults() {
        return new AutoscaleSettings(min != null ? min : DEFAULT_MIN, max,
                targetBacklogPerConsumer != null ? targetBacklogPerConsumer : DEFAULT_TARGET_BACKLOG, cooldownMs);
    }

    public List<FieldError> errors(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (min != null && (min < 0 || min > WorkerGroupSpec.MAX_COUNT)) {
            errors.add(new FieldError(prefix + "min", "must be between 0 and " + WorkerGroupSpec.MAX_COUNT));
        }
        if (max == null || max < 1 || max > WorkerGroupSpec.MAX_COUNT) {
            errors.add(new FieldError(prefix + "max", "is required, between 1 and " + WorkerGroupSpec.MAX_COUNT));
        } else if (min != null && min > max) {
            errors.add(new FieldError(prefix + "min", "must not be more than max"));
        }
        if (targetBacklogPerConsumer != null && (targetBacklogPerConsumer < 1 || targetBacklogPerConsumer > MAX_TARGET_BACKLOG)) {
            errors.add(new FieldError(prefix + "targetBacklogPerConsumer", "must be between 1 and " + MAX_TARGET_BACKLOG));
        }
        if (cooldownMs != null && (cooldownMs < 0 || cooldownMs > MAX_COOLDOWN_MS)) {
            errors.add(new FieldError(prefix + "cooldownMs", "must be between 0 and " + MAX_COOLDOWN_MS));
        }
        return errors;
    }

    /** The count nearest to this one that the settings allow. */
    public int clamp(int count) {
        return Math.max(min != null ? min : DEFAULT_MIN, Math.min(max, count));
    }
}
