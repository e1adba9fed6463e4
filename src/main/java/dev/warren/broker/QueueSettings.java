package dev.warren.broker;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a queue is declared: its type and limits, and the RabbitMQ arguments that follow from them. */
public record QueueSettings(String type, Long maxLength, Long messageTtlMs, Integer deliveryLimit) {

    public static final String QUORUM = "quorum";
    public static final String CLASSIC = "classic";

    /** The errors of a declaration request, empty when it can be declared. */
    public List<FieldError> errors() {
        List<FieldError> errors = new ArrayList<>();
        if (type != null && !QUORUM.equals(type) && !CLASSIC.equals(type)) {
            errors.add(new FieldError("type", "must be 'quorum' or 'classic'"));
        }
        if (maxLength != null && maxLength < 1) {
            errors.add(new FieldError("maxLength", "must be at least 1"));
        }
        if (messageTtlMs != null && (messageTtlMs < 1 || messageTtlMs > Integer.MAX_VALUE)) {
            errors.add(new FieldError("messageTtlMs", "must be between 1 and " + Integer.MAX_VALUE));
        }
        if (deliveryLimit != null && deliveryLimit < 1) {
            errors.add(new FieldError("deliveryLimit", "must be at least 1"));
        }
        if (deliveryLimit != null && CLASSIC.equals(type)) {
            errors.add(new FieldError("deliveryLimit", "applies to quorum queues only"));
        }
        return errors;
    }

    /** These settings with the configured defaults filled in. */
    public QueueSettings withDefaults(String defaultType, int defaultDeliveryLimit) {
        String resolvedType = type != null ? type : defaultType;
        Integer limit = deliveryLimit != null || !QUORUM.equals(resolvedType) ? deliveryLimit : Integer.valueOf(defaultDeliveryLimit);
        return new QueueSettings(resolvedType, maxLength, messageTtlMs, limit);
    }

    /** The x-arguments of the queue itself; rejected messages go to its dead-letter queue, never dropped. */
    public Map<String, Object> queueArguments(String queue, boolean classicVersion2) {
        Map<String, Object> args = new LinkedHashMap<>(typeArguments(classicVersion2));
        args.put("x-dead-letter-exchange", "");
        args.put("x-dead-letter-routing-key", Names.deadLetterQueue(queue));
        if (QUORUM.equals(type)) {
            args.put("x-delivery-limit", deliveryLimit);
            // at-least-once dead-lettering requires reject-publish overflow (RabbitMQ docs)
            args.put("x-dead-letter-strategy", "at-least-once");
            args.put("x-overflow", "reject-publish");
        }
        if (maxLength != null) {
            args.put("x-max-length", maxLength);
        }
        if (messageTtlMs != null) {
            args.put("x-message-ttl", messageTtlMs);
        }
        return args;
    }

    /** The x-arguments of its dead-letter queue: same type, no limits, nothing dead-lettered further. */
    public Map<String, Object> deadLetterArguments(boolean classicVersion2) {
        return typeArguments(classicVersion2);
    }

    private Map<String, Object> typeArguments(boolean classicVersion2) {
        if (QUORUM.equals(type)) {
            return Map.of("x-queue-type", QUORUM);
        }
        return classicVersion2 ? Map.of("x-queue-version", 2) : Map.of();
    }
}
