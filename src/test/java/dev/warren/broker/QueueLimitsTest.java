package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueueLimitsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void argumentsComeFirstThenThePolicy() throws Exception {
        QueueLimits limits = QueueLimits.of(json("""
                {"arguments": {"x-queue-type": "quorum", "x-delivery-limit": 20, "x-overflow": "reject-publish"},
                 "effective_policy_definition": {"max-length": 1000, "delivery-limit": 5, "message-ttl": 60000}}"""));
        assertEquals(new QueueLimits(1000L, null, 60000L, 20L, "reject-publish"), limits);
    }

    @Test
    void aQueueWithoutLimitsOrAnUnknownOneHasNone() throws Exception {
        assertNull(QueueLimits.of(json("{\"arguments\": {\"x-queue-type\": \"quorum\"}, \"effective_policy_definition\": {}}")));
        assertNull(QueueLimits.of(json("{\"arguments\": {}, \"effective_policy_definition\": []}")));
        assertNull(QueueLimits.of(null));
    }
}
