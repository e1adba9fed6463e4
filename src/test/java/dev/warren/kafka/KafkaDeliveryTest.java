package dev.warren.kafka;

import dev.warren.common.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a Kafka record's job keeps to be retried, and which generation a record is. */
class KafkaDeliveryTest {

    @Test
    void aJobKeepsTheRecordsHeadersAndKeyButNotWarrensIdOrGeneration() throws Exception {
        String kept = KafkaDelivery.keptHeaders(Map.of("x-warren-id", "a", "x-warren-generation", "2", "x-tenant", "acme"),
                "customer-7");
        assertEquals(Map.of("x-tenant", "acme", "x-warren-key", "customer-7"), Json.MAPPER.readValue(kept, Map.class));
        assertEquals(Map.of(), Json.MAPPER.readValue(KafkaDelivery.keptHeaders(Map.of(), null), Map.class));
    }

    @Test
    void aRecordWithoutAGenerationIsTheFirst() {
        assertEquals(0, KafkaDelivery.generation(null));
        assertEquals(3, KafkaDelivery.generation("3"));
        assertEquals(0, KafkaDelivery.generation("three"));
        assertEquals(0, KafkaDelivery.generation("-1"));
    }
}
