package dev.warren.topics;

/** A topic as the API lists it: its name and how many subscriber queues are bound to it. */
public record TopicView(String name, int subscribers) {
}
