package dev.warren.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warren.broker.BindingView;
import dev.warren.broker.BrokerViews;
import dev.warren.broker.ExchangeView;
import dev.warren.broker.QueueView;
import dev.warren.jobs.JobView;
import dev.warren.topics.PulledMessage;
import dev.warren.topics.SubscriberView;
import dev.warren.topics.TopicView;
import dev.warren.workers.WorkerGroupView;

import java.util.List;

/**
 * The answers the operations return, each a record the OpenAPI document names (pages of a kind, small answers, and
 * two records whose simple names would clash): what the document shows is what is sent.
 */
public final class ApiSchemas {

    private ApiSchemas() {
    }

    public record KeyPage(List<dev.warren.auth.ApiKey> items, String next) {
    }

    public record AuditPage(List<dev.warren.auth.AuditEntry> items, String next) {
    }

    public record SchedulePage(List<dev.warren.schedules.ScheduleView> items, String next) {
    }

    public record QueuePage(List<QueueView> items, String next) {
    }

    public record WorkerGroupPage(List<WorkerGroupView> items, String next) {
    }

    public record TopicPage(List<TopicView> items, String next) {
    }

    public record SubscriberPage(List<SubscriberView> items, String next) {
    }

    public record ExchangePage(List<ExchangeView> items, String next) {
    }

    public record BindingPage(List<BindingView> items, String next) {
    }

    public record ConnectionPage(List<BrokerViews.Connection> items, String next) {
    }

    public record ConsumerPage(List<BrokerConsumer> items, String next) {
    }

    /** {@link BrokerViews.Consumer} under a name of its own: the document cannot hold two schemas named Consumer. */
    public record BrokerConsumer(String queue, String consumerTag, String channel, int prefetch, boolean ackRequired) {

        static BrokerConsumer of(BrokerViews.Consumer consumer) {
            return new BrokerConsumer(consumer.queue(), consumer.consumerTag(), consumer.channel(), consumer.prefetch(),
                    consumer.ackRequired());
        }
    }

    /** The body of POST /queue/scale/{queue}, under a name of its own beside the API's ScaleRequest. */
    public record CompatScaleRequest(Integer count, @JsonProperty("worker_type") String workerType) {
    }

    public record JobPage(List<JobView> items, String next) {
    }

    /** What a bulk retry did with each job, in the order asked. */
    public record RetriedJobs(List<RetriedJob> items) {
    }

    /**
     * One job of a bulk retry: the status a single retry would have answered (202 queued, 404 not-found, 409 conflict,
     * other: error) and, when it was not queued, why.
     */
    public record RetriedJob(String id, int status, String outcome, String detail) {

        static String outcome(int status) {
            return switch (status) {
                case 202 -> "queued";
                case 404 -> "not-found";
                case 409 -> "conflict";
                default -> "error";
            };
        }
    }

    /** A task the broker confirmed (202), or the first answer again for a duplicate id (200). */
    public record PublishedTask(String id, String queue, String status) {
    }

    public record PublishedBatch(List<String> ids) {
    }

    public record Purged(long purged) {
    }

    public record Replayed(int replayed) {
    }

    public record Topic(String name) {
    }

    public record Subscribed(String id, String queue) {
    }

    /** subscribers is null when the management API could not count them; the message was published anyway. */
    public record PublishedToTopic(String id, Integer subscribers) {
    }

    /** routed is false when no binding matched the routing key. */
    public record PublishedToExchange(String id, boolean routed) {
    }

    public record PulledMessages(List<PulledMessage> items) {
    }

    public record Cleared(String queue, long purged, boolean workersStopped) {
    }

    public record KafkaTopicPage(List<dev.warren.kafka.KafkaTopicView.KafkaTopicSummary> items, String next) {
    }

    /** Messages the Kafka cluster acknowledged, each with its partition and offset. */
    public record PublishedToKafka(String topic, List<dev.warren.kafka.KafkaPublisher.KafkaWritten> messages) {
    }

    public record KafkaPulledMessages(List<dev.warren.kafka.KafkaMessages.KafkaPulledMessage> items) {
    }
}
