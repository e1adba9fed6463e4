package dev.warren.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.warren.common.Json;
import dev.warren.tasks.TaskHeaders;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A message as a pull subscriber reads it: its id, its JSON payload and when it was published. */
public record PulledMessage(String id, JsonNode payload, Instant publishedAt) {

    public static PulledMessage of(Message message) {
        MessageProperties properties = message.getMessageProperties();
        return new PulledMessage(properties.getMessageId(), payload(message.getBody()), publishedAt(properties));
    }

    /** The body as JSON; a body another client published that is not JSON is shown as its text. */
    public static JsonNode payload(byte[] body) {
        try {
            JsonNode json = Json.readExact(body);
            return json == null || json.isMissingNode() ? TextNode.valueOf("") : json;
        } catch (IOException e) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    /** warren's own publication time (milliseconds), else the AMQP timestamp (seconds), else unknown. */
    static Instant publishedAt(MessageProperties properties) {
        Object header = properties.getHeader(TaskHeaders.PUBLISHED_AT);
        if (header != null) {
            try {
                return Instant.parse(header.toString());
            } catch (java.time.format.DateTimeParseException e) {
                // another client's header: fall back to the AMQP timestamp
            }
        }
        return properties.getTimestamp() == null ? null : properties.getTimestamp().toInstant();
    }
}
