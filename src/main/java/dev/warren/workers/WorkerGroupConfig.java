package dev.warren.workers;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.warren.workers.RetryPolicy;

import java.util.Map;

/** A worker group as warren keeps it in its store: the desired consumers of one queue and how they deliver. */
public record WorkerGroupConfig(String queue, String type, int count, int prefetch, Target target, RetryPolicy retry,
                                Map<String, String> parameters, State state,
                                CircuitBreakerSettings circuitBreaker, SlowDownSettings slowDown,
                                AutoscaleSettings autoscale, ScaleDecision lastScaling, RateLimitSettings rateLimit) {

    /** Template parameters warren derives from the group; the rest come from "parameters". */
    public static final java.util.Set<String> RESERVED_PARAMETERS = java.util.Set.of("queue", "consumers", "prefetch",
            "target", "targetUrl");

    public WorkerGroupConfig {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** Whether the group's consumers should run; a running group of count 0 has none. */
    public enum State {
        RUNNING, PAUSED;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public WorkerGroupConfig withCount(int newCount) {
        return new WorkerGroupConfig(queue, type, newCount, prefetch, target, retry, parameters, state, circuitBreaker, slowDown,
                autoscale, lastScaling, rateLimit);
    }

    public WorkerGroupConfig withState(State newState) {
        return new WorkerGroupConfig(queue, type, count, prefetch, target, retry, parameters, newState, circuitBreaker, slowDown,
                autoscale, lastScaling, rateLimit);
    }

    /** The group after the autoscaler's decision: its new count, and the decision to show. */
    public WorkerGroupConfig scaledBy(ScaleDecision decision) {
        return new WorkerGroupConfig(queue, type, decision.to(), prefetch, target, retry, parameters, state, circuitBreaker,
                slowDown, autoscale, decision, rateLimit);
    }

    /** The group with the last autoscaling decision of its previous version, while it is still autoscaled. */
    public WorkerGroupConfig withLastScaling(ScaleDecision decision) {
        return new WorkerGroupConfig(queue, type, count, prefetch, target, retry, parameters, state, circuitBreaker, slowDown,
                autoscale, autoscale == null ? null : decision, rateLimit);
    }

    /** Consumers that should be running now. */
    public int desiredConsumers() {
        return state == State.RUNNING ? count : 0;
    }
}
