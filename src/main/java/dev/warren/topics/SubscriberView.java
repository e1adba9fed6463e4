package dev.warren.topics;

/** A subscriber of a topic: its id, its queue and the messages waiting there for it. */
public record SubscriberView(String id, String queue, long messages) {
}
