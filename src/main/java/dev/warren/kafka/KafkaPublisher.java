package dev.warren.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Writes messages to a Kafka topic and returns only once the cluster acknowledged every one (acks=all, idempotent
 * producer); a message the cluster did not take within the delivery timeout fails the whole publish with a 503.
 */
public final class KafkaPublisher {

    /** A message to write: warren's id for it, its key (may be null), its value and its headers. */
    public record Outgoing(String id, String key, byte[] value, Map<String, String> headers) {
    }

    /** Where an acknowledged message was written. */
    public record KafkaWritten(String id, int partition, long offset) {
    }

    private final Producer<byte[], byte[]> producer;
    private final long timeoutMs;

    public KafkaPublisher(Producer<byte[], byte[]> producer, long timeoutMs) {
        this.producer = producer;
        this.timeoutMs = timeoutMs;
    }

    /** Sends every message, then waits for each acknowledgement, in order. */
    public List<KafkaWritten> publish(String topic, List<Outgoing> messages) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try {
            for (Outgoing message : messages) {
                sent.add(producer.send(record(topic, message)));
            }
        } catch (RuntimeException e) {
            // send() itself fails when the cluster's metadata did not come within max.block.ms
            throw KafkaErrors.toProblem(e, "Publishing to Kafka topic " + topic);
        }
        List<KafkaWritten> written = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            // a little over the producer's own delivery timeout, which fails the future first
            RecordMetadata metadata = KafkaErrors.await(sent.get(i), timeoutMs + 1000, "Publishing to Kafka topic " + topic);
            written.add(new KafkaWritten(messages.get(i).id(), metadata.partition(), metadata.offset()));
        }
        return written;
    }

    static ProducerRecord<byte[], byte[]> record(String topic, Outgoing message) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8), message.value());
        message.headers().forEach((name, value) -> record.headers().add(new RecordHeader(name,
                value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }
}
