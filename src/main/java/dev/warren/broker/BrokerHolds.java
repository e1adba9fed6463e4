package dev.warren.broker;

/** What the broker holds of a queue's messages: none, only dead letters (in its dead-letter queue), or more. */
public enum BrokerHolds {
    /** No message of it: none ready or unacknowledged in the queue, its dead-letter queue or its wait queues. */
    NOTHING,
    /** Dead letters only: the queue and its wait queues are empty, its dead-letter queue is not. */
    DEAD_LETTERS_ONLY,
    /** Messages in the queue (ready or with a consumer) or in a wait queue. */
    MESSAGES
}
