package dev.warren.kafka;

import dev.warren.workers.RetryPolicy;
import dev.warren.workers.Target;

/**
 * A topic's worker group as it runs: its consumers (count asked, consumers running, bounded by the partitions), its
 * consumer group, target and retry policy, a note when the count is over the partitions, and what its deliveries on
 * this instance came to since warren started (processed: succeeded or failed).
 */
public record KafkaWorkerGroupView(String topic, String type, int count, int consumers, int partitions, String state,
                                   String consumerGroup, String deadLetterTopic, Target target, RetryPolicy retry,
                                   String note, long processed, long succeeded, long failed, long retried) {
}
