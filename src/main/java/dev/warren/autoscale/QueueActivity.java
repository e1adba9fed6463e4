package dev.warren.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the management API knows of the queues beyond their depth: unacknowledged messages and publish and deliver
 * rates. The broker samples them every few seconds, so they are read at most once per refresh for all queues; without
 * the management API they are unknown and asked for again after a while.
 */
final class QueueActivity {

    private static final Logger LOG = LoggerFactory.getLogger(QueueActivity.class);

    /** A queue's unacknowledged messages and its publish and deliver rates (messages/s, null when not sampled yet). */
    record Activity(long unacked, Double publishRate, Double deliverRate) {
    }

    private final Supplier<JsonNode> read;
    private final Duration refresh;
    private final Duration retryAfterFailure;
    private Map<String, Activity> last = Map.of();
    private Instant readAt;
    private boolean failed;

    /** @param read every queue's activity, as ManagementClient.queueActivity answers it */
    QueueActivity(Supplier<JsonNode> read, Duration refresh, Duration retryAfterFailure) {
        this.read = read;
        this.refresh = refresh;
        this.retryAfterFailure = retryAfterFailure;
    }

    /** The queue's activity, read again when the last reading is older than the refresh; empty when unknown. */
    synchronized Optional<Activity> of(String queue, Instant now) {
        if (readAt == null || !now.isBefore(readAt.plus(failed ? retryAfterFailure : refresh))) {
            readAt = now;
            try {
                last = parse(read.get());
                failed = false;
            } catch (RuntimeException e) {
                // the management API is optional: decide on the queue's depth alone until it answers
                LOG.debug("Queue rates for autoscaling are unknown: {}", e.getMessage());
                last = Map.of();
                failed = true;
            }
        }
        return Optional.ofNullable(last.get(queue));
    }

    private static Map<String, Activity> parse(JsonNode queues) {
        Map<String, Activity> activity = new java.util.HashMap<>();
        queues.forEach(queue -> {
            JsonNode stats = queue.path("message_stats");
            activity.put(queue.path("name").asText(), new Activity(queue.path("messages_unacknowledged").asLong(0),
                    rate(stats.path("publish_details")), rate(stats.path("deliver_get_details"))));
        });
        return activity;
    }

    private static Double rate(JsonNode details) {
        JsonNode rate = details.path("rate");
        return rate.isNumber() ? rate.asDouble() : null;
    }
}
