package dev.warren.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;
import dev.warren.common.ProblemException;
import dev.warren.kafka.Kafka;
import dev.warren.kafka.KafkaMessages;
import dev.warren.kafka.KafkaNames;
import dev.warren.kafka.KafkaPublisher;
import dev.warren.kafka.KafkaTopicSettings;
import dev.warren.kafka.KafkaTopicView;
import dev.warren.kafka.KafkaWorkerGroups;
import dev.warren.workers.WorkerGroupSpec;
import dev.warren.ops.WarrenMetrics;
import dev.warren.topics.TopicRules;

import java.util.List;
import java.util.Optional;

/**
 * The Kafka endpoints: topics (create, list, describe, delete), publishing acknowledged by the cluster, and pulls for a
 * consumer group. Without warren.kafka.bootstrap-servers each answers 404 once its input is checked.
 */
public final class KafkaApi {

    private final Optional<Kafka> kafka;
    private final Optional<KafkaWorkerGroups> groups;
    private final WarrenMetrics metrics;

    public KafkaApi(Optional<Kafka> kafka, Optional<KafkaWorkerGroups> groups, WarrenMetrics metrics) {
        this.kafka = kafka;
        this.groups = groups;
        this.metrics = metrics;
    }

    public ApiResponse list(String limit, String cursor) {
        Page.limit(limit);
        Page<KafkaTopicView.KafkaTopicSummary> page = Page.of(kafka().topics().all(), KafkaTopicView.KafkaTopicSummary::name,
                limit, cursor);
        return ApiResponse.ok(new ApiSchemas.KafkaTopicPage(page.items(), page.next()));
    }

    /** Creates the topic: 201, or 200 when it exists (its settings unchanged). */
    public ApiResponse create(String topic, byte[] body) {
        checkTopic(topic);
        KafkaTopicSettings settings = (body == null || body.length == 0 ? new KafkaTopicSettings(null, null, null)
                : Json.read(body, KafkaTopicSettings.class)).checked();
        Kafka cluster = kafka();
        boolean created = cluster.topics().create(topic, settings);
        KafkaTopicView view = created ? cluster.topics().describeCreated(topic) : cluster.topics().describe(topic);
        return created ? ApiResponse.created(view).withHeader("Location", "/api/kafka/topics/" + topic) : ApiResponse.ok(view);
    }

    public ApiResponse get(String topic) {
        checkTopic(topic);
        KafkaTopicView view = kafka().topics().describe(topic);
        return ApiResponse.ok(view.withWorkers(groups().find(topic).orElse(null)));
    }

    /** Deletes the topic, stopping its worker group first. */
    public ApiResponse delete(String topic) {
        checkTopic(topic);
        Kafka cluster = kafka();
        cluster.topics().require(topic);
        if (groups().find(topic).isPresent()) {
            groups().delete(topic);
        }
        cluster.topics().delete(topic);
        return ApiResponse.noContent();
    }

    public ApiResponse getWorkers(String topic) {
        checkTopic(topic);
        return ApiResponse.ok(groups().find(topic).orElseThrow(() ->
                ProblemException.notFound("Kafka topic " + topic + " has no worker group")));
    }

    public ApiResponse putWorkers(String topic, byte[] body) {
        checkTopic(topic);
        WorkerGroupSpec spec = Json.read(body, WorkerGroupSpec.class);
        return ApiResponse.ok(groups().put(topic, spec));
    }

    public ApiResponse scaleWorkers(String topic, byte[] body) {
        checkTopic(topic);
        WorkerApi.ScaleRequest request = Json.read(body, WorkerApi.ScaleRequest.class);
        if (request.count() == null) {
            throw ProblemException.invalid("count", "is required");
        }
        return ApiResponse.ok(groups().scale(topic, request.count()));
    }

    public ApiResponse pauseWorkers(String topic) {
        checkTopic(topic);
        return ApiResponse.ok(groups().pause(topic));
    }

    public ApiResponse resumeWorkers(String topic) {
        checkTopic(topic);
        return ApiResponse.ok(groups().resume(topic));
    }

    public ApiResponse deleteWorkers(String topic) {
        checkTopic(topic);
        groups().delete(topic);
        return ApiResponse.noContent();
    }

    private KafkaWorkerGroups groups() {
        kafka();
        return groups.orElseThrow();
    }

    public ApiResponse publish(String topic, byte[] body) {
        checkTopic(topic);
        KafkaPublisher.Outgoing message = KafkaMessages.single(Json.read(body, KafkaMessages.KafkaMessageRequest.class));
        return published(topic, List.of(message));
    }

    public ApiResponse publishBatch(String topic, byte[] body) {
        checkTopic(topic);
        return published(topic, KafkaMessages.batch(Json.read(body, KafkaMessages.KafkaBatchRequest.class)));
    }

    /** Takes up to max messages for the group and commits past them once the answer is built. */
    public ApiResponse pull(String topic, String group, String max) {
        checkTopic(topic);
        KafkaNames.groupViolation(group).ifPresent(rule -> {
            throw ProblemException.invalid("group", rule);
        });
        int size = TopicRules.pullSize(max).orElseThrow(() ->
                ProblemException.invalid("max", "must be a whole number between 1 and " + TopicRules.MAX_PULL));
        JsonNode answer = kafka().puller().take(topic, group, size, records -> Json.MAPPER.valueToTree(
                new ApiSchemas.KafkaPulledMessages(records.stream().map(KafkaMessages::pulled).toList())));
        metrics.kafkaPulled(topic, answer.path("items").size());
        return ApiResponse.ok(answer);
    }

    private ApiResponse published(String topic, List<KafkaPublisher.Outgoing> messages) {
        Kafka cluster = kafka();
        cluster.topics().require(topic);
        List<KafkaPublisher.KafkaWritten> written = cluster.publisher().publish(topic, messages);
        metrics.kafkaPublished(topic, written.size());
        return ApiResponse.accepted(new ApiSchemas.PublishedToKafka(topic, written));
    }

    private Kafka kafka() {
        return kafka.orElseThrow(() -> ProblemException.notFound(
                "Kafka is not configured on this warren: set warren.kafka.bootstrap-servers"));
    }

    static void checkTopic(String topic) {
        KafkaNames.topicViolation(topic).ifPresent(rule -> {
            throw ProblemException.invalid("topic", rule);
        });
    }
}
