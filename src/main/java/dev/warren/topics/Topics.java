package dev.warren.topics;

import dev.warren.common.ProblemException;
import dev.warren.broker.BindingView;
import dev.warren.broker.ExchangeAdmin;
import dev.warren.broker.ExchangeView;
import dev.warren.broker.ExchangeViews;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Topics on the broker: a topic is a durable fanout exchange marked as warren's, each subscriber an ordinary
 * warren queue `{topic}.{id}` bound to it. Listing needs the management API; declaring and subscribing do not, but
 * check with it that an existing exchange is a topic and an existing queue its subscriber.
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
     * @return true when it was created, false when the topic existed
     * @throws ProblemException 409 when an exchange of that name exists that is not a topic (nothing changes)
     */
    public boolean declare(String topic) {
        if (exchanges.exists(topic)) {
            requireTopic(topic);
            return false;
        }
        return declareExchange(topic);
    }

    /** 404 when there is no such topic, 409 when the exchange of that name is not a topic. */
    public void require(String topic) {
        requireExchange(topic);
        requireTopic(topic);
    }

    /**
     * 409 unless the existing exchange of the topic's name was declared as a topic. Without the management API only
     * its type can be checked (declaring it again as a topic fails unless it is a durable fanout exchange); it is then
     * taken for a topic, as a queue's existing is taken for a subscriber's, so that topics work without the plugin.
     */
    private void requireTopic(String topic) {
        Optional<ExchangeView> exchange;
        try {
            exchange = views.find(topic);
        } catch (ProblemException e) {
            if (e.problem().status() != 503) {
                throw e;
            }
            declareExchange(topic);
            return;
        }
        ExchangeView found = exchange.orElseThrow(() -> ProblemException.notFound("Topic " + topic
                + " does not exist; create the topic first"));
        TopicRules.notATopic(found).ifPresent(reason -> {
            throw notATopic(topic, reason);
        });
    }

    private boolean declareExchange(String topic) {
        try {
            return exchanges.declare(topic, TopicRules.TYPE, TopicRules.TOPIC_ARGUMENTS);
        } catch (ProblemException e) {
            throw e.problem().status() == 409 ? notATopic(topic, "it is not a durable fanout exchange") : e;
        }
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
     * @return true when the queue was created, false when it existed as the topic's subscriber
     * @throws ProblemException 409 when a queue of the subscriber's name exists that is not bound to the topic: binding
     *                          it would pass off another queue, and the messages it holds, as the subscriber
     */
    public boolean subscribe(String topic, String id) {
        require(topic);
        String queue = TopicRules.subscriberQueue(topic, id);
        if (queues.exists(queue) && !boundOrUnknown(topic, queue)) {
            throw ProblemException.conflict("A queue named " + queue + " exists that is not a subscriber of topic "
                    + topic + " (it is not bound to it); choose another id, or delete that queue first");
        }
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

    /**
     * Every topic with its number of subscribers, sorted by name; only the subscribers whose queues
     * {@code mayUseQueue} accepts are counted.
     */
    public List<TopicView> all(Predicate<String> mayUseQueue) {
        Map<String, Set<String>> subscriberQueues = views.bindings().stream()
                .filter(binding -> TopicRules.subscriberId(binding.exchange(), binding.queue()).isPresent())
                .filter(binding -> mayUseQueue.test(binding.queue()))
                .collect(Collectors.groupingBy(BindingView::exchange, Collectors.mapping(BindingView::queue, Collectors.toSet())));
        return views.all().stream().filter(TopicRules::isTopic)
                .map(exchange -> new TopicView(exchange.name(), subscriberQueues.getOrDefault(exchange.name(), Set.of()).size()))
                .toList();
    }

    /** Deletes the topic's exchange; its subscriber queues are the caller's to delete first. */
    public void deleteExchange(String topic) {
        exchanges.delete(topic);
    }

    private static ProblemException notATopic(String topic, String reason) {
        return ProblemException.conflict("An exchange named " + topic + " exists that is not a topic: " + reason
                + "; choose another name");
    }
}
