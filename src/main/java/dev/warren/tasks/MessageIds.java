package dev.warren.tasks;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The id of a message that arrived without one: a name-based UUID (version 5) over the queue, the body bytes and the
 * properties and headers the publisher set, so that every delivery of the same message gets the same id.
 */
public final class MessageIds {

    /** The namespace of warren's derived ids (a fixed, random UUID). */
    private static final UUID NAMESPACE = UUID.fromString("4f7c2a4e-93c1-4d55-9a43-0c6f3e1f7b21");
    private static final NameBasedGenerator GENERATOR = Generators.nameBasedGenerator(NAMESPACE);

    private MessageIds() {
    }

    /**
     * @param properties the message's AMQP properties by name (content type, encoding, correlation id, type, app id,
     *                   user id, timestamp, priority, reply-to); null values count as absent
     * @param headers    the message's headers; those of one delivery ({@link TaskHeaders#isTransient}) are left out
     */
    public static String derived(String queue, byte[] body, Map<String, ?> properties, Map<String, ?> headers) {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        field(name, "queue", queue);
        new TreeMap<>(properties).forEach((key, value) -> {
            if (value != null) {
                field(name, "property " + key, canonical(value));
            }
        });
        new TreeMap<>(headers).forEach((key, value) -> {
            if (!TaskHeaders.isTransient(key)) {
                field(name, "header " + key, canonical(value));
            }
        });
        name.writeBytes("body\0".getBytes(StandardCharsets.UTF_8));
        name.writeBytes(body == null ? new byte[0] : body);
        return GENERATOR.generate(name.toByteArray()).toString();
    }

    /**
     * The id a worker derives for a message without one, from the message as Spring AMQP reads it from the broker (a
     * dead letter taken with basic.get, say): the same properties under the names the worker sees them by, and the
     * headers that reach the worker (not those Camel keeps for itself).
     */
    public static String derived(String queue, byte[] body, org.springframework.amqp.core.MessageProperties message) {
        Map<String, Object> properties = new TreeMap<>();
        properties.put(SpringRabbitMQConstants.CONTENT_TYPE, message.getContentType());
        properties.put(SpringRabbitMQConstants.CONTENT_ENCODING, message.getContentEncoding());
        properties.put(SpringRabbitMQConstants.CORRELATION_ID, message.getCorrelationId());
        properties.put(SpringRabbitMQConstants.TYPE, message.getType());
        properties.put(SpringRabbitMQConstants.APP_ID, message.getAppId());
        properties.put(SpringRabbitMQConstants.USER_ID, message.getReceivedUserId());
        properties.put(SpringRabbitMQConstants.TIMESTAMP, message.getTimestamp());
        properties.put(SpringRabbitMQConstants.PRIORITY, message.getPriority());
        properties.put(SpringRabbitMQConstants.REPLY_TO, message.getReplyTo());
        Map<String, Object> headers = new TreeMap<>();
        message.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            // Camel's header filter keeps these from the worker's message
            if (!lower.startsWith("camel") && !lower.startsWith("org.apache.camel.")) {
                headers.put(name, value);
            }
        });
        return derived(queue, body, properties, headers);
    }

    private static void field(ByteArrayOutputStream out, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        // lengths first: no two different sets of fields write the same bytes
        out.writeBytes((k.length + ":" + v.length + ":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(k);
        out.writeBytes(v);
    }

    /** One text for a header or property value, the same however the client library typed it. */
    static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "bytes:" + Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Date date) {
            return "time:" + date.getTime() / 1000;
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder("{");
            new TreeMap<>(map.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    e -> String.valueOf(e.getKey()), e -> canonical(e.getValue()), (a, b) -> a)))
                    .forEach((k, v) -> text.append(k.length()).append(':').append(k).append('=').append(v).append(';'));
            return text.append('}').toString();
        }
        if (value instanceof Collection<?> list) {
            StringBuilder text = new StringBuilder("[");
            list.forEach(item -> {
                String one = canonical(item);
                text.append(one.length()).append(':').append(one).append(';');
            });
            return text.append(']').toString();
        }
        return value.toString();
    }
}
