package dev.warren.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warren.common.Json;

import java.util.Map;

/** A binding of a queue to an exchange: the routing key and the arguments (a headers exchange matches on these). */
public record BindingView(String exchange, String queue, String routingKey, Map<String, Object> arguments) {

    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * The order bindings are listed in, also their cursor: by queue, routing key, then arguments, which tell apart
     * bindings of one queue with one routing key. NUL separates the parts, as no name and no JSON text holds one.
     */
    public String key() {
        try {
            return queue + "\u0000" + routingKey + "\u0000" + CANONICAL.writeValueAsString(arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("binding arguments that came from JSON are JSON", e);
        }
    }
}
