package dev.warren.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaNamesTest {

    @Test
    void topicsAreKafkasLegalNamesUpTo249Characters() {
        for (String legal : List.of("orders", "orders.eu-1_x", "a".repeat(249), "..x")) {
            assertTrue(KafkaNames.topicViolation(legal).isEmpty(), legal);
        }
        for (String illegal : List.of("", ".", "..", "a".repeat(250), "__consumer_offsets", "a b", "ü")) {
            assertFalse(KafkaNames.topicViolation(illegal).isEmpty(), illegal);
        }
    }

    @Test
    void aJobQueueIsAQueueNameOrKafkaAndATopic() {
        for (String legal : List.of("orders", "orders.dlq", "kafka:orders", "kafka:orders.eu-1_x")) {
            assertTrue(KafkaNames.jobQueueViolation(legal).isEmpty(), legal);
        }
        for (String illegal : List.of("", "bad name", "kafka:", "kafka:__consumer_offsets", "kafka:a b", "kafka:kafka:x",
                "amq.gen-1", "..", "{{x}}", "${x}", "#class:java.lang.Runtime", "RAW(x)", "q&opt=1", "q:x")) {
            assertFalse(KafkaNames.jobQueueViolation(illegal).isEmpty(), illegal);
        }
    }

    @Test
    void namesThatCamelWouldReadAsSyntaxAreRefused() {
        for (String hostile : List.of("{{x}}", "${x}", "#class:java.lang.Runtime", "RAW(x)", "t&opt=1", "t?brokers=evil:9092",
                "#bean:x", "t:x", "t/x", "t%26x")) {
            assertFalse(KafkaNames.topicViolation(hostile).isEmpty(), hostile);
            assertFalse(KafkaNames.groupViolation(hostile).isEmpty(), hostile);
        }
    }

    @Test
    void aPullMayNotUseTheConsumerGroupOfAWorkerGroup() {
        assertFalse(KafkaNames.groupViolation(KafkaNames.workerGroup("orders")).isEmpty());
        assertTrue(KafkaNames.groupViolation("billing").isEmpty());
        assertFalse(KafkaNames.groupViolation(null).isEmpty());
    }
}
