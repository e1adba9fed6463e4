package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import dev.warren.workers.RetryPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a user asks of a worker group with PUT: how many consumers of which type, the target, the retries, and
 * optionally a circuit breaker, a slow-down on 429/503 and a rate limit for the target, and autoscaling (all off
 * when absent).
 */
public record WorkerGroupSpec(Integer count, String type, Integer prefetch, Target target, RetryPolicy retry,
                              Map<String, String> parameters, CircuitBreakerSettings circuitBreaker,
                              SlowDownSettings slowDown, AutoscaleSettings autoscale, RateLimitSettings rateLimit) {

    public static final int MAX_COUNT = 500;
    public static final int MAX_PREFETCH = 1000;
    public static final int DEFAULT_PREFETCH = 1;

    public List<FieldError> errors() {
        List<FieldError> errors = new ArrayList<>();
        if (autoscale != null) {
            List<FieldError> autoscaleErrors = autoscale.errors("autoscale.");
            errors.addAll(autoscaleErrors);
            if (autoscaleErrors.isEmpty() && count != null && autoscale.clamp(count) != count) {
                errors.add(new FieldError("count", "with autoscale, may be left out; when given, between autoscale.min"
                        + " and autoscale.max"));
            }
        } else if (count == null || count < 0 || count > MAX_COUNT) {
            errors.add(new FieldError("count", "is required, between 0 and " + MAX_COUNT));
        }
        if (type == null || type.isBlank()) {
            errors.add(new FieldError("type", "is required: the name of a known worker type"));
        }
        if (prefetch != null && (prefetch < 1 || prefetch > MAX_PREFETCH)) {
            errors.add(new FieldError("prefetch", "must be between 1 and " + MAX_PREFETCH));
        }
        if (target != null) {
            errors.addAll(target.errors("target."));
        }
        if (retry != null) {
            errors.addAll(retry.errors("retry."));
        }
        if (circuitBreaker != null) {
            errors.addAll(circuitBreaker.errors("circuitBreaker."));
        }
        if (slowDown != null) {
            errors.addAll(slowDown.errors("slowDown."));
        }
        if (rateLimit != null) {
            errors.addAll(rateLimit.errors("rateLimit."));
            if (prefetch != null && prefetch != 1) {
                // a consumer waiting for a permit must not sit on tasks another consumer or instance could start
                errors.add(new FieldError("prefetch", "must be 1 (or absent) with a rateLimit: a limited consumer"
                        + " holds only the task it starts next"));
            }
        }
        if (parameters != null) {
            parameters.forEach((name, value) -> {
                if (WorkerGroupConfig.RESERVED_PARAMETERS.contains(name) || value == null) {
                    errors.add(new FieldError("parameters." + name, "warren sets " + WorkerGroupConfig.RESERVED_PARAMETERS
                            + " itself; other parameters need a string value"));
                }
            });
        }
        return errors;
    }

    /**
     * The group this spec describes for a queue, with defaults filled in and the given state. An autoscaled group
     * without a count keeps the count it has (within the new limits), or starts at its min.
     */
    public WorkerGroupConfig toConfig(String queue, WorkerGroupConfig.State state, WorkerGroupConfig existing) {
        AutoscaleSettings scaling = autoscale == null ? null : autoscale.withDefaults();
        int consumers = count != null ? count
                : existing != null ? scaling.clamp(existing.count()) : scaling.min();
        return new WorkerGroupConfig(queue, type, consumers, prefetch != null ? prefetch : DEFAULT_PREFETCH,
                target == null ? null : target.withDefaults(),
                (retry != null ? retry : RetryPolicy.DEFAULT).withDefaults(), parameters != null ? parameters : Map.of(), state,
                circuitBreaker == null ? null : circuitBreaker.withDefaults(), slowDown == null ? null : slowDown.withDefaults(),
                scaling, null, rateLimit == null ? null : rateLimit.withDefaults())
                .withLastScaling(existing == null ? null : existing.lastScaling());
    }
}
