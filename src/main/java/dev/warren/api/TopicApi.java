package dev.warren.api;

import dev.warren.auth.Caller;
import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.OutgoingMessage;
import dev.warren.broker.PullConsumer;
import dev.warren.topics.ExchangeMessages;
import dev.warren.topics.PulledMessage;
import dev.warren.topics.SubscriberView;
import dev.warren.topics.TopicRules;
import dev.warren.topics.TopicView;
import dev.warren.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The topic endpoints: topics, their subscribers, publishing to all of them and pulling one's messages. */
public final class TopicApi {

    /** The body of a subscribe request; the id is a random UUID when absent. */
    public record SubscriberRequest(String id) {
    }

    /** The body of a publish request. */
    public record MessageRequest(JsonNode payload, Map<String, String> headers) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicApi.class);

    private final Topics topics;
    private final QueueApi queues;
    private final ConfirmedPublisher publisher;
    private final PullConsumer puller;

    public TopicApi(Topics topics, QueueApi queues, ConfirmedPublisher publisher, PullConsumer puller) {
        this.topics = topics;
        this.queues = queues;
        this.publisher = publisher;
        this.puller = puller;
    }

    public ApiResponse declare(String topic) {
        ExchangeApi.checkName("topic", topic);
        ApiSchemas.Topic view = new ApiSchemas.Topic(topic);
        return topics.declare(topic)
                ? ApiResponse.created(view).withHeader("Location", "/api/topics/" + topic) : ApiResponse.ok(view);
    }

    /** Every topic, with the number of its subscribers whose queues the caller may use. */
    public ApiResponse list(Caller caller, String limit, String cursor) {
        Page<TopicView> page = Page.of(topics.all(caller::mayUseQueue), TopicView::name, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.TopicPage(page.items(), page.next()));
    }

    /** Deletes the subscribers' queues (stopping their worker groups) and then the topic's exchange. */
    public ApiResponse delete(String topic) {
        ExchangeApi.checkName("topic", topic);
        topics.require(topic);
        for (String queue : topics.subscriberQueues(topic)) {
            queues.delete(queue);
        }
        topics.deleteExchange(topic);
        return ApiResponse.noContent();
    }

    public ApiResponse subscribe(String topic, byte[] body) {
        ExchangeApi.checkName("topic", topic);
        SubscriberRequest request = body == null ? new SubscriberRequest(null) : Json.read(body, SubscriberRequest.class);
        String id = request.id() != null ? request.id() : UUID.randomUUID().toString();
        checkId(topic, id);
        String queue = TopicRules.subscriberQueue(topic, id);
        ApiSchemas.Subscribed view = new ApiSchemas.Subscribed(id, queue);
        return topics.subscribe(topic, id)
                ? ApiResponse.created(view).withHeader("Location", "/api/topics/" + topic + "/subscribers/" + id)
                : ApiResponse.ok(view);
    }

    /** The topic's subscribers whose queues the caller may use (a key limited to some queues sees only those). */
    public ApiResponse subscribers(Caller caller, String topic, String limit, String cursor) {
        ExchangeApi.checkName("topic", topic);
        topics.require(topic);
        Page<SubscriberView> page = Page.of(topics.subscribers(topic).stream()
                .filter(subscriber -> caller.mayUseQueue(TopicRules.subscriberQueue(topic, subscriber.id()))).toList(),
                SubscriberView::id, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.SubscriberPage(page.items(), page.next()));
    }

    /** Deletes the subscriber's queue and its companions, stopping its worker group if it has one. */
    public ApiResponse unsubscribe(String topic, String id) {
        ExchangeApi.checkName("topic", topic);
        checkId(topic, id);
        topics.requireSubscriber(topic, id);
        queues.delete(TopicRules.subscriberQueue(topic, id));
        return ApiResponse.noContent();
    }

    /**
     * Publishes to every subscriber with confirms. The count of subscribers is read from the management API just
     * before; when that is unreachable the message is still published and the count is null, because publishing
     * must not depend on the broker's monitoring plugin.
     */
    public ApiResponse publish(String topic, byte[] body) {
        ExchangeApi.checkName("topic", topic);
        MessageRequest request = Json.read(body, MessageRequest.class);
        OutgoingMessage message = ExchangeMessages.of(topic, "", request.payload(), request.headers());
        topics.requireExchange(topic);
        Integer subscribers = subscriberCount(topic);
        publisher.publish(List.of(message));
        return ApiResponse.accepted(new ApiSchemas.PublishedToTopic(message.id(), subscribers));
    }

    /**
     * Takes up to max messages from the subscriber's queue. They are acked once the answer's JSON tree is built,
     * before the HTTP layer writes it: Camel offers no hook after the response is on the wire, so a client that
     * disconnects while the answer is being written loses those messages. A failure while building requeues them.
     */
    public ApiResponse pull(String topic, String id, String max) {
        ExchangeApi.checkName("topic", topic);
        checkId(topic, id);
        int size = TopicRules.pullSize(max).orElseThrow(() ->
                ProblemException.invalid("max", "must be a whole number between 1 and " + TopicRules.MAX_PULL));
        topics.requireSubscriber(topic, id);
        JsonNode answer = puller.take(TopicRules.subscriberQueue(topic, id), size, messages ->
                Json.MAPPER.valueToTree(new ApiSchemas.PulledMessages(messages.stream().map(PulledMessage::of).toList())));
        return ApiResponse.ok(answer);
    }

    private Integer subscriberCount(String topic) {
        try {
            return topics.subscriberQueues(topic).size();
        } catch (ProblemException e) {
            if (e.problem().status() != 503) {
                throw e;
            }
            LOG.warn("Publishing to topic {} without counting its subscribers: {}", topic, e.problem().detail());
            return null;
        }
    }

    private static void checkId(String topic, String id) {
        TopicRules.idViolation(topic, id).ifPresent(rule -> {
            throw ProblemException.invalid("id", "'" + id + "' " + rule);
        });
    }
}
