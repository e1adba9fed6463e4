package dev.warren.broker;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A queue as the API shows it: the broker's numbers, its dead-letter queue and its worker group (or null); note
 * says what is unknown when the management API does not answer (absent otherwise), and what it alone knows is null then; limits are its max length, TTL and
 * delivery limit when it has any (one queue's view only, absent in lists).
 */
public record QueueView(String name, String type, boolean durable, long messages, long messagesReady,
                        Long messagesUnacked, long consumers, DeadLetter deadLetter, Object workers,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                        @JsonInclude(JsonInclude.Include.NON_NULL) QueueLimits limits) {

    public QueueView(String name, String type, boolean durable, long messages, long messagesReady, Long messagesUnacked,
                     long consumers, DeadLetter deadLetter, Object workers, String note) {
        this(name, type, durable, messages, messagesReady, messagesUnacked, consumers, deadLetter, workers, note, null);
    }

    /** The note of a view read without the management API. */
    public static final String NO_MANAGEMENT_API = "The RabbitMQ management API does not answer: type and "
            + "messagesUnacked are unknown, messages counts the ready ones only";

    /** The dead-letter queue of a queue and how many messages wait in it. */
    public record DeadLetter(String queue, long messages) {
    }

    public QueueView withWorkers(Object group) {
        return new QueueView(name, type, durable, messages, messagesReady, messagesUnacked, consumers, deadLetter, group,
                note, limits);
    }
}
