package dev.warren.broker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A queue's limits as the management API shows them: max length (messages, bytes), message TTL, delivery limit and
 * overflow behaviour, from its x-arguments or else its effective policy; a limit neither sets is absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueLimits(Long maxLength, Long maxLengthBytes, Long messageTtlMs, Long deliveryLimit, String overflow) {

    /** The limits of a queue of GET /api/queues/{vhost}/{name}, or null when it sets none. */
    public static QueueLimits of(JsonNode queue) {
        if (queue == null) {
            return null;
        }
        JsonNode arguments = queue.path("arguments");
        JsonNode policy = queue.path("effective_policy_definition");
        QueueLimits limits = new QueueLimits(number(arguments, policy, "max-length"), number(arguments, policy, "max-length-bytes"),
                number(arguments, policy, "message-ttl"), number(arguments, policy, "delivery-limit"),
                text(arguments, policy, "overflow"));
        return limits.equals(new QueueLimits(null, null, null, null, null)) ? null : limits;
    }

    /** The argument x-{name}, else the policy's {name}: the one set on the queue is the one it was declared with. */
    private static Long number(JsonNode arguments, JsonNode policy, String name) {
        JsonNode value = arguments.path("x-" + name).isNumber() ? arguments.path("x-" + name) : policy.path(name);
        return value.isNumber() ? value.asLong() : null;
    }

    private static String text(JsonNode arguments, JsonNode policy, String name) {
        JsonNode value = arguments.path("x-" + name).isTextual() ? arguments.path("x-" + name) : policy.path(name);
        return value.isTextual() ? value.asText() : null;
    }
}
