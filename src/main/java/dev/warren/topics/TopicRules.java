package dev.warren.topics;

import dev.warren.broker.ExchangeView;
import dev.warren.broker.Names;

import java.util.Map;
import java.util.Optional;

/** The rules of topics: which exchanges are topics, how subscriber queues are named, how much one pull takes. */
public final class TopicRules {

    /** The argument warren declares its topic exchanges with, so that they can be told from other fanouts. */
    public static final String MARKER = "x-warren-topic";
    public static final Map<String, Object> TOPIC_ARGUMENTS = Map.of(MARKER, true);
    public static final String TYPE = "fanout";
    public static final int DEFAULT_PULL = 10;
    public static final int MAX_PULL = 1000;

    private TopicRules() {
    }

    /** True for the durable fanout exchanges warren declared as topics. */
    public static boolean isTopic(ExchangeView exchange) {
        return TYPE.equals(exchange.type()) && exchange.durable()
                && Boolean.TRUE.equals(exchange.arguments().get(MARKER));
    }

    /**
     * Why an exchange of a topic's name is not a topic, or empty when it is one. RabbitMQ takes a declare of an
     * existing fanout exchange with other arguments as equivalent, so only the marker it was made with tells.
     */
    public static Optional<String> notATopic(ExchangeView exchange) {
        if (!TYPE.equals(exchange.type()) || !exchange.durable()) {
            return Optional.of("it is a " + (exchange.durable() ? "" : "transient ") + exchange.type()
                    + " exchange, not a durable fanout one");
        }
        if (!isTopic(exchange)) {
            return Optional.of("it is a fanout exchange that was not declared as a topic (through /api/exchanges or"
                    + " by another client)");
        }
        return Optional.empty();
    }

    public static String subscriberQueue(String topic, String id) {
        return topic + "." + id;
    }

    /** The subscriber id a queue bound to the topic stands for, or empty when the queue is not named as one. */
    public static Optional<String> subscriberId(String topic, String queue) {
        String prefix = topic + ".";
        if (!queue.startsWith(prefix) || queue.length() == prefix.length() || Names.isCompanion(queue)) {
            return Optional.empty();
        }
        return Optional.of(queue.substring(prefix.length()));
    }

    /** Why this id cannot name a subscriber of the topic, or empty when it can. */
    public static Optional<String> idViolation(String topic, String id) {
        Optional<String> violation = Names.violation(id);
        if (violation.isPresent()) {
            return violation;
        }
        String queue = subscriberQueue(topic, id);
        if (Names.violation(queue).isPresent()) {
            return Optional.of("is too long: the subscriber's queue " + topic + ".{id} must be " + Names.RULE);
        }
        if (Names.isCompanion(queue)) {
            return Optional.of("must not end in '" + Names.DEAD_LETTER_SUFFIX + "' or in '" + Names.WAIT_INFIX
                    + "' or '" + Names.GATE_WAIT_INFIX + "' and digits (names warren gives to companion queues)");
        }
        return Optional.empty();
    }

    /** How many messages a pull takes: the max asked for (1 to MAX_PULL, DEFAULT_PULL when absent), else empty. */
    public static Optional<Integer> pullSize(String max) {
        if (max == null || max.isEmpty()) {
            return Optional.of(DEFAULT_PULL);
        }
        try {
            int value = Integer.parseInt(max);
            return value >= 1 && value <= MAX_PULL ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
