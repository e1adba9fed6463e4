package dev.warren.kafka;

import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.RateLimitSettings;
import dev.warren.workers.RetryPolicy;
import dev.warren.workers.SlowDownSettings;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupView;

/**
 * A topic's worker group as it runs: its consumers (count asked, consumers running, bounded by the partitions), its
 * consumer group, target and retry policy, a note when the count is over the partitions, and what its deliveries on
 * this instance came to since warren started (processed: succeeded or failed); with a circuit breaker, slow-down or
 * rate limit, their settings and how they stand on this instance, as a queue group's view shows them.
 */
public record KafkaWorkerGroupView(String topic, String type, int count, int consumers, int partitions, String state,
                                   String consumerGroup, String deadLetterTopic, Target target, RetryPolicy retry,
                                   String note, long processed, long succeeded, long failed, long retried,
                                   CircuitBreakerSettings circuitBreaker, SlowDownSettings slowDown,
                                   WorkerGroupView.TargetState targetState, RateLimitSettings rateLimit,
                                   WorkerGroupView.RateLimitState rateLimitState) {

    /** A view is shown to callers: the target's header values, URL credentials and secret query values are masked. */
    public KafkaWorkerGroupView {
        target = target == null ? null : target.masked();
    }
}
