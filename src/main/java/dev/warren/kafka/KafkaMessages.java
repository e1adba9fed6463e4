package dev.warren.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;
import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import dev.warren.tasks.TaskHeaders;
import dev.warren.tasks.TaskMessages;
import dev.warren.tasks.TaskRequest;
import dev.warren.topics.PulledMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kafka messages as callers send and read them: requests checked and made records, records made answers. */
public final class KafkaMessages {

    /** A message to publish: any JSON payload, an optional id, key (partitioning) and headers. */
    public record KafkaMessageRequest(JsonNode payload, String id, String key, Map<String, String> headers) {
    }

    /** 1-1000 messages published together. */
    public record KafkaBatchRequest(List<KafkaMessageRequest> messages) {
    }

    /** A message as a pull reads it. */
    public record KafkaPulledMessage(String id, int partition, long offset, String key, JsonNode payload, Map<String, String> headers,
                         Instant timestamp) {
    }

    public static final String ID = TaskHeaders.PREFIX + "id";
    public static final String PUBLISHED_AT = TaskHeaders.PUBLISHED_AT;
    /** The record's key as its job keeps it among the record's headers (no caller's header starts with x-warren-). */
    public static final String KEY = TaskHeaders.PREFIX + "key";
    public static final int MAX_KEY = 1024;

    private KafkaMessages() {
    }

    public static KafkaPublisher.Outgoing single(KafkaMessageRequest message) {
        List<FieldError> errors = errors(message, "");
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return outgoing(message);
    }

    /** The messages of a batch (1..1000, distinct ids), or a 400 naming every problem. */
    public static List<KafkaPublisher.Outgoing> batch(KafkaBatchRequest batch) {
        List<KafkaMessageRequest> messages = batch.messages();
        if (messages == null || messages.isEmpty() || messages.size() > TaskMessages.MAX_BATCH) {
            throw ProblemException.invalid("messages", "must hold between 1 and " + TaskMessages.MAX_BATCH + " messages");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            KafkaMessageRequest message = messages.get(i);
            if (message == null) {
                errors.add(new FieldError("messages[" + i + "]", "must be a message object"));
                continue;
            }
            errors.addAll(errors(message, "messages[" + i + "]."));
            if (message.id() != null && !ids.add(message.id())) {
                errors.add(new FieldError("messages[" + i + "].id", "repeats an id of this batch"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return messages.stream().map(KafkaMessages::outgoing).toList();
    }

    private static List<FieldError> errors(KafkaMessageRequest message, String prefix) {
        List<FieldError> errors = new ArrayList<>(TaskMessages.errors(
                new TaskRequest(message.payload(), message.id(), null, message.headers()), prefix));
        if (message.key() != null && (message.key().isEmpty()
                || message.key().getBytes(StandardCharsets.UTF_8).length > MAX_KEY)) {
            errors.add(new FieldError(prefix + "key", "must be 1-" + MAX_KEY + " bytes"));
        }
        return errors;
    }

    private static KafkaPublisher.Outgoing outgoing(KafkaMessageRequest message) {
        String id = message.id() != null ? message.id() : TaskMessages.newId();
        Map<String, String> headers = new LinkedHashMap<>();
        if (message.headers() != null) {
            headers.putAll(message.headers());
        }
        headers.put(ID, id);
        headers.put(PUBLISHED_AT, Instant.now().toString());
        return new KafkaPublisher.Outgoing(id, message.key(), Json.write(message.payload()), headers);
    }

    /** A record as a pull answers it: warren's id header as its id, the other headers (a dead letter's error among them), the payload as JSON or text. */
    public static KafkaPulledMessage pulled(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record);
        String id = headers.remove(ID);
        headers.remove(PUBLISHED_AT);
        return new KafkaPulledMessage(id, record.partition(), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : PulledMessage.payload(record.value()), headers,
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    /** The record's headers as text, the last of a repeated name winning. */
    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
