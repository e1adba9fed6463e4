package dev.warren.topics;

import dev.warren.common.ProblemException;
import dev.warren.broker.BindingView;
import dev.warren.broker.ExchangeAdmin;
import dev.warren.broker.ExchangeViews;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Topics on the broker: a topic is a durable fanout exchange marked as warren's, each subscriber an ordinary
 * warren queue `{topic}.{id}` bound to it. Listing needs the management API; declaring and subscribing do not.
 */
public final class Topics {

    private final ExchangeAdmin exchanges;
    private final ExchangeViews views;
    private final QueueAdmin queues;
    private final QueueSettings subscriberQueueSettings;

    public Topics(ExchangeAdmin exchanges, ExchangeViews views, QueueAdmin queues, QueueSettings subscriberQueueSettings) {
        this.exchanges = exchanges;
        this.views = views;
        this.queues = queues;
        this.subscriberQueueSettings = subscriberQueueSettings;
    }

    /**
     * Declares the topic's exchange.
     *
     * @return true when it was created, false when a fanout exchange of that name existed
     * @throws ProblemException 409 when an exchange of that name has another type
     */
    public boolean declare(String topic) {
        try {
            return exchanges.declare(topic, TopicRules.TYPE, TopicRules.TOPIC_ARGUMENTS);
        } catch (ProblemException e) {
            throw e.problem().status() == 409 ? notATopic(topic) : e;
        }
    }

    /** 404 when there is no such topic, 409 when the exchange of that name is not a fanout one. */
    public void require(String topic) {
        requireExchange(topic);
        // a passive declare cannot tell the type; declaring it again as a topic fails unless it is one
        declare(topic);
    }

    /** 404 when there is no exchange of the topic's name; cheaper than {@link #require} for every publish. */
    public void requireExchange(String topic) {
        if (!exchanges.exists(topic)) {
            throw ProblemException.notFound("Topic " + topic + " does not exist; create the topic first");
        }
    }

    /**
     * 404 when there is no such topic, or it has no subscriber of this id: its queue is missing or, as far as the
     * management API tells (without it, the queue's existing is taken for it), not bound to the topic. Any queue
     * named {@code {topic}.{id}} is not a subscriber: taking its messages would drain another queue.
     */
    public void requireSubscriber(String topic, String id) {
        require(topic);
        String queue = TopicRules.subscriberQueue(topic, id);
        if (!queues.exists(queue) || !boundOrUnknown(topic, queue)) {
            throw ProblemException.notFound("Topic " + topic + " has no subscriber " + id
                    + "; add the subscriber first");
        }
    }

    private boolean boundOrUnknown(String topic, String queue) {
        try {
            return subscriberQueues(topic).contains(queue);
        } catch (ProblemException e) {
            if (e.problem().status() == 503) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Declares the subscriber's queue (with its dead-letter queue, as every warren queue) and binds it to the topic.
     *
     * @return true when the queue was created, false when it existed
     */
    public boolean subscribe(String topic, String id) {
        require(topic);
        String queue = TopicRules.subscriberQueue(topic, id);
        boolean created = queues.declare(queue, subscriberQueueSettings);
        exchanges.bind(new BindingView(topic, queue, "", Map.of()));
        return created;
    }

    /** The topic's subscribers by id, with the messages ready for each (read live). */
    public List<SubscriberView> subscribers(String topic) {
        List<SubscriberView> subscribers = new ArrayList<>();
        for (String queue : subscriberQueues(topic)) {
            TopicRules.subscriberId(topic, queue).ifPresent(id -> queues.live(queue).ifPresent(info ->
                    subscribers.add(new SubscriberView(id, queue, info.getMessageCount()))));
        }
        subscribers.sort(Comparator.comparing(SubscriberView::id));
        return subscribers;
    }

    /** The queues of the topic's subscribers, as the broker binds them now. */
    public List<String> subscriberQueues(String topic) {
        return views.bindingsFrom(topic).stream().map(BindingView::queue).distinct()
                .filter(queue -> TopicRules.subscriberId(topic, queue).isPresent()).toList();
    }

    /** Every topic with its number of subscribers, sorted by name. */
    public List<TopicView> all() {
        Map<String, Set<String>> subscriberQueues = views.bindings().stream()
                .filter(binding -> TopicRules.subscriberId(binding.exchange(), binding.queue()).isPresent())
                .collect(Collectors.groupingBy(BindingView::exchange, Collectors.mapping(BindingView::queue, Collectors.toSet())));
        return views.all().stream().filter(TopicRules::isTopic)
                .map(exchange -> new TopicView(exchange.name(), subscriberQueues.getOrDefault(exchange.name(), Set.of()).size()))
                .toList();
    }

    /** Deletes the topic's exchange; its subscriber queues are the caller's to delete first. */
    public void deleteExchange(String topic) {
        exchanges.delete(topic);
    }

    private static ProblemException notATopic(String topic) {
        return ProblemException.conflict("An exchange named " + topic + " exists and is not a durable fanout exchange, "
                + "so it cannot be a topic; choose another name");
    }
}
