package dev.warren.broker;

import java.util.Map;

/**
 * A message to publish: where it goes, its id, its body, its AMQP headers, and the content type and encoding the
 * body was published with (JSON in UTF-8 for the tasks warren's API makes; null when the publisher set none).
 */
public record OutgoingMessage(String exchange, String routingKey, String id, byte[] body, Map<String, Object> headers,
                              String contentType, String contentEncoding) {

    public static final String JSON = "application/json";
    public static final String UTF_8 = "UTF-8";

    /** A JSON message in UTF-8, as warren's API publishes tasks. */
    public OutgoingMessage(String exchange, String routingKey, String id, byte[] body, Map<String, Object> headers) {
        this(exchange, routingKey, id, body, headers, JSON, UTF_8);
    }

    /** The same message, sent elsewhere with these headers. */
    public OutgoingMessage to(String exchange, String routingKey, Map<String, Object> headers) {
        return new OutgoingMessage(exchange, routingKey, id, body, headers, contentType, contentEncoding);
    }
}
