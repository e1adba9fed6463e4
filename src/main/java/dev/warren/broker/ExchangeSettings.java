package dev.warren.broker;

import dev.warren.common.Problem.FieldError;

import java.util.List;

/** How an exchange is declared through the API: its type, one of the four RabbitMQ ships with. */
public record ExchangeSettings(String type) {

    public static final List<String> TYPES = List.of("direct", "fanout", "topic", "headers");

    /** The errors of a declaration request, empty when it can be declared. */
    public List<FieldError> errors() {
        if (type == null) {
            return List.of(new FieldError("type", "is required, one of " + String.join(", ", TYPES)));
        }
        if (!TYPES.contains(type)) {
            return List.of(new FieldError("type", "must be one of " + String.join(", ", TYPES)
                    + " (other exchange types, e.g. from plugins, are not declared through warren)"));
        }
        return List.of();
    }
}
