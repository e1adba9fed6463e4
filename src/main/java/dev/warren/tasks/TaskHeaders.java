package dev.warren.tasks;

/** Names of the AMQP headers warren puts on task messages; clients may not set headers with this prefix. */
public final class TaskHeaders {

    public static final String PREFIX = "x-warren-";
    public static final String QUEUE = PREFIX + "queue";
    public static final String ATTEMPT = PREFIX + "attempt";
    public static final String PUBLISHED_AT = PREFIX + "published-at";

    private TaskHeaders() {
    }
}
