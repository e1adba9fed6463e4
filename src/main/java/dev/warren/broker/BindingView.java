package dev.warren.broker;

import java.util.Map;

/** A binding of a queue to an exchange: the routing key and the arguments (a headers exchange matches on these). */
public record BindingView(String exchange, String queue, String routingKey, Map<String, Object> arguments) {
}
