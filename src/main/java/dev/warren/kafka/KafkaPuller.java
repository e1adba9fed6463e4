package dev.warren.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads up to max records of a topic for a consumer group from its committed offsets, and commits past them once the
 * caller has built its answer. The partitions are assigned, not subscribed (no rebalance per pull); pulls of one group
 * on one topic take turns on this instance.
 */
public final class KafkaPuller {

    private final Function<String, Consumer<byte[], byte[]>> consumers;
    private final long waitMs;
    private final Map<String, ReentrantLock> turns = new ConcurrentHashMap<>();

    /** @param consumers makes a consumer of the given group */
    public KafkaPuller(Function<String, Consumer<byte[], byte[]>> consumers, long waitMs) {
        this.consumers = consumers;
        this.waitMs = waitMs;
    }

    /**
     * Takes up to max records (waiting up to the pull wait for the first ones), builds the answer from them, then
     * commits the group's offsets past them. When building fails nothing is committed.
     */
    public <T> T take(String topic, String group, int max, Function<List<ConsumerRecord<byte[], byte[]>>, T> answer) {
        ReentrantLock turn = turns.computeIfAbsent(topic + "\n" + group, key -> new ReentrantLock());
        turn.lock();
        try (Consumer<byte[], byte[]> consumer = consumers.apply(group)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty()) {
                throw dev.warren.common.ProblemException.notFound("Kafka topic " + topic + " does not exist; create it first");
            }
            consumer.assign(partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            List<ConsumerRecord<byte[], byte[]>> taken = poll(consumer, max);
            T built = answer.apply(taken);
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : taken) {
                commit.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            if (!commit.isEmpty()) {
                consumer.commitSync(commit);
            }
            return built;
        } catch (RuntimeException e) {
            throw KafkaErrors.toProblem(e, "Pulling from Kafka topic " + topic + " for group " + group);
        } finally {
            turn.unlock();
        }
    }

    /**
     * Polls until max records came, or the wait is over, or a poll after the first records brings nothing more. The
     * records are kept in the order polled, cut at max: that keeps a prefix of each partition, so committing past the
     * last kept record of each partition skips none.
     */
    private List<ConsumerRecord<byte[], byte[]>> poll(Consumer<byte[], byte[]> consumer, int max) {
        List<ConsumerRecord<byte[], byte[]>> taken = new ArrayList<>();
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (taken.size() < max) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            int before = taken.size();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(taken.isEmpty() ? left : Math.min(left, 100)))) {
                if (taken.size() < max) {
                    taken.add(record);
                }
            }
            if (!taken.isEmpty() && taken.size() == before) {
                break;
            }
        }
        return taken;
    }
}
