package dev.warren.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.warren.workers.RetryPolicy;
import dev.warren.secrets.SecretMask;

import java.time.Instant;
import java.util.List;

/** A worker group as the API shows it (secrets masked): its configuration, consumers running, live counters, and a problem if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerGroupView(String queue, String type, int count, int running, String state, int prefetch,
                              Target target, RetryPolicy retry, java.util.Map<String, String> parameters, long processed, long succeeded, long failed,
                              long retried, long inFlight, List<Consumer> consumers, String error,
                              List<InstanceShare> instances, Boolean sameTypeEverywhere,
                              CircuitBreakerSettings circuitBreaker, SlowDownSettings slowDown, TargetState targetState,
                              Autoscale autoscale, RateLimitSettings rateLimit, RateLimitState rateLimitState) {

    /** A view is shown to callers: target header values, URL credentials and secret-looking parameters are masked. */
    public WorkerGroupView {
        target = target == null ? null : target.masked();
        parameters = SecretMask.parameters(parameters);
    }

    /**
     * One live warren instance's part of the group (several instances on one PostgreSQL store): its share of the count,
     * the consumers it reported running at its last heartbeat, and the hash of the group's type in its routes/.
     */
    public record InstanceShare(String instance, String host, int share, int running, String typeHash) {
    }

    /**
     * How this instance's deliveries to the group's target stand: the circuit breaker's state ("closed", "open",
     * "half_open"), while open or half-open when it opened and the failure that opened it (both null when closed),
     * until when it stays open; and the slow-down's pause (pausedUntil) and the concurrency it allows now (null: no
     * limit); from: "instance {id}" when the open breaker or the pause shown was told by another instance (null: this
     * instance's own).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetState(String circuit, Instant openedAt, Instant openUntil, String lastError, Instant pausedUntil,
                              Integer allowedConcurrency, String from) {
    }

    /**
     * An autoscaled group's limits (cooldownMs absent: warren.autoscale.cooldown-ms) and the autoscaler's last change
     * of its count (absent until the first).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Autoscale(int min, int max, int targetBacklogPerConsumer, Long cooldownMs, ScaleDecision lastDecision) {

        static Autoscale of(AutoscaleSettings settings, ScaleDecision lastDecision) {
            return settings == null ? null : new Autoscale(settings.min(), settings.max(),
                    settings.targetBacklogPerConsumer(), settings.cooldownMs(), lastDecision);
        }
    }

    /**
     * How the group's rate limit stands on this instance: the rate and burst this instance allows (its share of the
     * group's), how often a consumer waited for a permit and how long in all, and how many tasks went back to wait on
     * the broker because the permits were taken too far ahead.
     */
    public record RateLimitState(double perSecond, int burst, long waits, long waitedMs, long sentBack) {
    }

    /** One consumer of the group: its thread and the job it works on (null when idle), since when. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Consumer(String id, String thread, String currentJob, Instant since) {
    }
}
