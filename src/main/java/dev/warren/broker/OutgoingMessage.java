package dev.warren.broker;

import java.util.Map;

/** A message to publish: where it goes, its id, its JSON body and its AMQP headers. */
public record OutgoingMessage(String exchange, String routingKey, String id, byte[] body, Map<String, Object> headers) {
}
