package dev.warren.broker;

/** A queue as the API shows it: the broker's numbers, its dead-letter queue and its worker group (or null). */
public record QueueView(String name, String type, boolean durable, long messages, long messagesReady,
                        long messagesUnacked, long consumers, DeadLetter deadLetter, Object workers) {

    /** The dead-letter queue of a queue and how many messages wait in it. */
    public record DeadLetter(String queue, long messages) {
    }

    public QueueView withWorkers(Object group) {
        return new QueueView(name, type, durable, messages, messagesReady, messagesUnacked, consumers, deadLetter, group);
    }
}
