package dev.warren.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Kafka topics through the Admin client: create, list, describe (offsets and consumer-group lag), delete. */
public final class KafkaTopics {

    private final Admin admin;
    private final long timeoutMs;

    public KafkaTopics(Admin admin, long timeoutMs) {
        this.admin = admin;
        this.timeoutMs = timeoutMs;
    }

    /** @return true when it was created, false when a topic of that name existed */
    public boolean create(String topic, KafkaTopicSettings settings) {
        NewTopic newTopic = new NewTopic(topic, Optional.ofNullable(settings.partitions()),
                Optional.ofNullable(settings.replicationFactor()).map(Integer::shortValue));
        if (settings.retentionMs() != null) {
            newTopic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(settings.retentionMs())));
        }
        try {
            KafkaErrors.await(admin.createTopics(List.of(newTopic)).all(), timeoutMs, "Kafka topic " + topic);
            return true;
        } catch (dev.warren.common.ProblemException e) {
            // a creation answers 409 only when the topic exists
            if (e.problem().status() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Makes the topic (with the cluster's defaults) unless it exists; for the dead-letter topics warren keeps. */
    public void ensure(String topic) {
        create(topic, new KafkaTopicSettings(null, null, null));
    }

    public boolean exists(String topic) {
        return names().contains(topic);
    }

    /** 404 when there is no such topic. */
    public void require(String topic) {
        if (!exists(topic)) {
            throw dev.warren.common.ProblemException.notFound("Kafka topic " + topic + " does not exist; create it first");
        }
    }

    /** The names of the topics, Kafka's internal ones left out. */
    public Set<String> names() {
        return KafkaErrors.await(admin.listTopics().names(), timeoutMs, "Listing Kafka topics");
    }

    /** Every topic with its partition count and replication factor, sorted by name. */
    public List<KafkaTopicView.KafkaTopicSummary> all() {
        Set<String> names = names();
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = KafkaErrors.await(admin.describeTopics(names).allTopicNames(),
                timeoutMs, "Describing Kafka topics");
        return descriptions.values().stream().sorted(Comparator.comparing(TopicDescription::name))
                .map(d -> new KafkaTopicView.KafkaTopicSummary(d.name(), d.partitions().size(), replicationFactor(d))).toList();
    }

    /**
     * The view of a topic this client has just created: the broker that answers may not know it for a moment yet, so
     * a 404 is asked again, within the request timeout.
     */
    public KafkaTopicView describeCreated(String topic) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                return describe(topic);
            } catch (dev.warren.common.ProblemException e) {
                if (e.problem().status() != 404 || System.nanoTime() > until) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The topic's partitions and offsets, its retention, and the lag of every consumer group that committed on it. */
    public KafkaTopicView describe(String topic) {
        String what = "Kafka topic " + topic;
        TopicDescription description = KafkaErrors.await(admin.describeTopics(List.of(topic)).allTopicNames(), timeoutMs, what)
                .get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest(), what);
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest(), what);
        List<KafkaTopicView.KafkaPartition> views = description.partitions().stream().map(p -> {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            return new KafkaTopicView.KafkaPartition(p.partition(), p.leader() == null ? null : p.leader().id(),
                    p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList(),
                    starts.getOrDefault(tp, 0L), ends.getOrDefault(tp, 0L));
        }).toList();
        Config config = KafkaErrors.await(admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                .all(), timeoutMs, what).values().stream().findFirst().orElse(null);
        Long retention = config == null || config.get(TopicConfig.RETENTION_MS_CONFIG) == null ? null
                : Long.valueOf(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
        return new KafkaTopicView(topic, partitions.size(), replicationFactor(description), retention, views,
                lags(partitions, ends, what), null);
    }

    public void delete(String topic) {
        KafkaErrors.await(admin.deleteTopics(List.of(topic)).all(), timeoutMs, "Kafka topic " + topic);
    }

    /** The committed offsets of a consumer group on these partitions (absent where it committed none). */
    public Map<TopicPartition, Long> committed(String group, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = KafkaErrors.await(admin.listConsumerGroupOffsets(
                Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions))).partitionsToOffsetAndMetadata(group),
                timeoutMs, "Consumer group " + group);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec, String what) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = KafkaErrors.await(
                admin.listOffsets(request).all(), timeoutMs, what);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private List<KafkaTopicView.KafkaGroupLag> lags(List<TopicPartition> partitions, Map<TopicPartition, Long> ends, String what) {
        List<String> groups = KafkaErrors.await(admin.listConsumerGroups().all(), timeoutMs, what).stream()
                .map(org.apache.kafka.clients.admin.ConsumerGroupListing::groupId).sorted().toList();
        if (groups.isEmpty() || partitions.isEmpty()) {
            return List.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = KafkaErrors.await(
                admin.listConsumerGroupOffsets(specs).all(), timeoutMs, what);
        List<KafkaTopicView.KafkaGroupLag> lags = new ArrayList<>();
        for (String group : groups) {
            List<KafkaTopicView.KafkaPartitionLag> byPartition = new ArrayList<>();
            all.getOrDefault(group, Map.of()).forEach((tp, offset) -> {
                if (offset != null && tp.topic().equals(partitions.get(0).topic())) {
                    long end = ends.getOrDefault(tp, 0L);
                    byPartition.add(new KafkaTopicView.KafkaPartitionLag(tp.partition(), offset.offset(),
                            Math.max(0, end - offset.offset())));
                }
            });
            if (!byPartition.isEmpty()) {
                byPartition.sort(Comparator.comparingInt(KafkaTopicView.KafkaPartitionLag::partition));
                lags.add(new KafkaTopicView.KafkaGroupLag(group,
                        byPartition.stream().mapToLong(KafkaTopicView.KafkaPartitionLag::lag).sum(), byPartition));
            }
        }
        return lags;
    }

    private static int replicationFactor(TopicDescription description) {
        return description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
    }
}
