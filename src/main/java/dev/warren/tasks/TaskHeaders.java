package dev.warren.tasks;

/** Names of the AMQP headers warren puts on task messages; clients may not set headers with this prefix. */
public final class TaskHeaders {

    public static final String PREFIX = "x-warren-";
    public static final String QUEUE = PREFIX + "queue";
    public static final String ATTEMPT = PREFIX + "attempt";
    public static final String PUBLISHED_AT = PREFIX + "published-at";
    /** How many times the job was published again (retry, replay); a message of an older generation is stale. */
    public static final String GENERATION = PREFIX + "generation";
    /** Set on tasks whose job warren keeps: without a job, such a message is one whose job was deleted. */
    public static final String TRACKED = PREFIX + "tracked";
    /** Why the last attempt failed (on retried and dead-lettered messages). */
    public static final String ERROR = PREFIX + "error";
    /** The target's HTTP status of the last attempt, when it answered. */
    public static final String LAST_STATUS = PREFIX + "last-status";
    /** Attempts made before the message was dead-lettered. */
    public static final String ATTEMPTS = PREFIX + "attempts";
    public static final String FAILED_AT = PREFIX + "failed-at";

    private TaskHeaders() {
    }

    /** Headers the broker adds when it dead-letters a message; a republished task starts without them. */
    public static boolean isBrokerDeathHeader(String name) {
        return name.equals("x-death") || name.startsWith("x-first-death-") || name.startsWith("x-last-death-");
    }

    /**
     * Headers that describe one delivery or one publish rather than the message: the broker's (dead-lettering, a
     * quorum queue's delivery count) and Spring AMQP's correlation of returns. warren neither keeps nor republishes
     * them, and they do not count when a message without an id is given one.
     */
    public static boolean isTransient(String name) {
        return isBrokerDeathHeader(name) || name.equals("x-delivery-count")
                || name.equals("spring_listener_return_correlation") || name.equals("spring_returned_message_correlation");
    }
}
