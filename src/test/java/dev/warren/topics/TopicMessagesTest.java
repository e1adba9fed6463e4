package dev.warren.topics;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.warren.common.Json;
import dev.warren.common.ProblemException;
import dev.warren.broker.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages published to topics and exchanges, and messages as a pull subscriber reads them. */
class TopicMessagesTest {

    @Test
    void aPublishedMessageGoesToTheExchangeWithItsKeyAndAnId() {
        OutgoingMessage message = ExchangeMessages.of("orders", "orders.books.eu", IntNode.valueOf(7), Map.of("region", "eu"));
        assertEquals("orders", message.exchange());
        assertEquals("orders.books.eu", message.routingKey());
        assertNotNull(message.id());
        assertEquals("7", new String(message.body(), StandardCharsets.UTF_8));
        assertEquals("eu", message.headers().get("region"));
        assertNotNull(message.headers().get("x-warren-published-at"));
        assertFalse(message.headers().containsKey("x-warren-queue"), "an exchange message names no queue");
    }

    @Test
    void aMessageNeedsAPayloadAndHeadersOutsideWarrensPrefix() {
        ProblemException noPayload = assertThrows(ProblemException.class, () -> ExchangeMessages.of("t", "", null, null));
        assertEquals("payload", noPayload.problem().errors().get(0).field());
        ProblemException reserved = assertThrows(ProblemException.class,
                () -> ExchangeMessages.of("t", "", IntNode.valueOf(1), Map.of("x-warren-attempt", "9")));
        assertEquals("headers.x-warren-attempt", reserved.problem().errors().get(0).field());
    }

    @Test
    void aPulledMessageShowsItsIdJsonPayloadAndPublicationTime() {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId("m-1");
        properties.setHeader("x-warren-published-at", "2025-01-02T03:04:05.678Z");
        PulledMessage pulled = PulledMessage.of(new Message("{\"n\":1}".getBytes(StandardCharsets.UTF_8), properties));
        assertEquals("m-1", pulled.id());
        assertEquals(1, pulled.payload().path("n").asInt());
        assertEquals(Instant.parse("2025-01-02T03:04:05.678Z"), pulled.publishedAt());
        assertTrue(new String(Json.write(pulled), StandardCharsets.UTF_8).contains("\"publishedAt\":\"2025-01-02T03:04:05.678Z\""),
                "an ISO-8601 time in JSON");
    }

    @Test
    void anotherClientsMessageFallsBackToItsTextAndAmqpTimestamp() {
        MessageProperties properties = new MessageProperties();
        properties.setTimestamp(Date.from(Instant.parse("2025-01-02T03:04:05Z")));
        PulledMessage pulled = PulledMessage.of(new Message("not json".getBytes(StandardCharsets.UTF_8), properties));
        assertNull(pulled.id());
        assertEquals(TextNode.valueOf("not json"), pulled.payload());
        assertEquals(Instant.parse("2025-01-02T03:04:05Z"), pulled.publishedAt());
        assertNull(PulledMessage.of(new Message(new byte[0], new MessageProperties())).publishedAt(), "unknown time");
    }
}
