package dev.warren.topics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.broker.OutgoingMessage;
import dev.warren.tasks.TaskHeaders;
import dev.warren.tasks.TaskMessages;
import dev.warren.tasks.TaskRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a payload and headers published to a topic or an exchange into a message, checked as a task is. */
public final class ExchangeMessages {

    private ExchangeMessages() {
    }

    /** The message for this exchange and routing key, or a 400 naming what is wrong with payload or headers. */
    public static OutgoingMessage of(String exchange, String routingKey, JsonNode payload, Map<String, String> headers) {
        OutgoingMessage task = TaskMessages.single(exchange, new TaskRequest(payload, null, null, headers));
        Map<String, Object> messageHeaders = new LinkedHashMap<>(task.headers());
        // an exchange may route the message to any number of queues: it names none
        messageHeaders.remove(TaskHeaders.QUEUE);
        return new OutgoingMessage(exchange, routingKey, task.id(), task.body(), messageHeaders);
    }
}
