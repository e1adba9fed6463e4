package dev.warren.broker;

import java.util.Map;

/** An exchange as the API shows it: name, type, durability and the arguments it was declared with. */
public record ExchangeView(String name, String type, boolean durable, Map<String, Object> arguments) {
}
