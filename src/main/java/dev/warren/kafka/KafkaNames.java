package dev.warren.kafka;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for names callers give Kafka: topics (Kafka's own legal characters and length) and consumer groups, and
 * the names warren derives from a topic (its dead-letter topic, its worker group's consumer group).
 */
public final class KafkaNames {

    public static final int MAX_TOPIC = 249;
    public static final String TOPIC_RULE = "1-" + MAX_TOPIC + " characters of A-Z a-z 0-9 . _ -, not . or .., not starting with __";
    public static final String GROUP_RULE = "1-200 characters of A-Z a-z 0-9 . _ -, not starting with '"
            + KafkaNames.WORKER_GROUP_PREFIX + "'";
    /** Kafka's legal topic characters: nothing a Camel URI, placeholder or expression could read as syntax. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_TOPIC + "}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    public static final String DEAD_LETTER_SUFFIX = ".dlt";
    /** The consumer groups of warren's worker groups; a pull may not use them (it would take their records). */
    public static final String WORKER_GROUP_PREFIX = "warren-workers.";

    /**
     * How warren names a topic among queues: the queue of the jobs its worker group delivers ("kafka:{topic}"), and a
     * change of its group heard from another instance. No queue name has a colon.
     */
    public static final String QUEUE_PREFIX = "kafka:";

    private KafkaNames() {
    }

    /** Why the topic name is not legal, or empty when it is. */
    public static Optional<String> topicViolation(String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            return Optional.of("must be " + TOPIC_RULE);
        }
        if (topic.startsWith("__")) {
            return Optional.of("must not start with __ (Kafka's internal topics)");
        }
        return Optional.empty();
    }

    /**
     * Why a name can be no job's queue, or empty when it can: a job's queue is a queue's name, or "kafka:{topic}" for
     * the jobs of a Kafka topic's worker group.
     */
    public static Optional<String> jobQueueViolation(String queue) {
        if (queue != null && queue.startsWith(QUEUE_PREFIX)) {
            return topicViolation(queue.substring(QUEUE_PREFIX.length()))
                    .map(rule -> "names a Kafka topic's jobs as " + QUEUE_PREFIX + "{topic}, whose topic " + rule);
        }
        return dev.warren.broker.Names.violation(queue)
                .map(rule -> rule + " (or be " + QUEUE_PREFIX + "{topic} for a Kafka topic's jobs)");
    }

    /** Why the consumer group name is not one a caller may use, or empty when it is. */
    public static Optional<String> groupViolation(String group) {
        if (group == null || !GROUP.matcher(group).matches() || group.startsWith(WORKER_GROUP_PREFIX)) {
            return Optional.of("must be " + GROUP_RULE);
        }
        return Optional.empty();
    }

    public static String deadLetterTopic(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The queue of the jobs of the topic's worker group. */
    public static String jobQueue(String topic) {
        return QUEUE_PREFIX + topic;
    }

    /** The consumer group of the worker group of a topic. */
    public static String workerGroup(String topic) {
        return WORKER_GROUP_PREFIX + topic;
    }
}
