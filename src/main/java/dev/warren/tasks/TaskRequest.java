package dev.warren.tasks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A task as a client publishes it: any JSON payload, an optional idempotency id, delay and headers. */
public record TaskRequest(JsonNode payload, String id, Long delayMs, Map<String, String> headers) {
}
