package dev.warren.kafka;

import dev.warren.workers.RetryPolicy;
import dev.warren.workers.Target;

/**
 * A topic's worker group as it runs: its consumers (count asked, consumers running, bounded by the partitions), its
 * consumer group, target and retry policy, and a note when the count is over the partitions.
 */
public record KafkaWorkerGroupView(String topic, String type, int count, int consumers, int partitions, String state,
                                   String consumerGroup, String deadLetterTopic, Target target, RetryPolicy retry,
                                   String note) {
}
