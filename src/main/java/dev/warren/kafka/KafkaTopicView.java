package dev.warren.kafka;

import java.util.List;

/**
 * A Kafka topic as described: its partitions with their offsets, the consumer groups that committed offsets on it with
 * their lag, and its worker group (null when none).
 */
public record KafkaTopicView(String name, int partitionCount, int replicationFactor, Long retentionMs,
                             List<KafkaPartition> partitions, List<KafkaGroupLag> consumerGroups, KafkaWorkerGroupView workers) {

    /** A partition: its leader, replicas, in-sync replicas, and first and next offsets. */
    public record KafkaPartition(int partition, Integer leader, List<Integer> replicas, List<Integer> inSync,
                            long startOffset, long endOffset) {
    }

    /** A consumer group's committed position on the topic: its lag in all and per partition. */
    public record KafkaGroupLag(String group, long lag, List<KafkaPartitionLag> partitions) {
    }

    /** A consumer group's committed offset on one partition and how far it is behind the end. */
    public record KafkaPartitionLag(int partition, long committedOffset, long lag) {
    }

    /** A topic as listed: name, partitions and replication factor. */
    public record KafkaTopicSummary(String name, int partitionCount, int replicationFactor) {
    }

    public KafkaTopicView withWorkers(KafkaWorkerGroupView group) {
        return new KafkaTopicView(name, partitionCount, replicationFactor, retentionMs, partitions, consumerGroups, group);
    }
}
