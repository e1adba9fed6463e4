package dev.warren.delivery;

import dev.warren.workers.Target;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request a target receives: only the headers warren means to send, signed over the body it carries. */
class WebhookRequestTest {

    private static final byte[] BODY = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);

    private static Message messageWithLeftovers() {
        Message message = new DefaultMessage(new DefaultCamelContext());
        message.setHeader("amqp_messageId", "left by the consumer");
        message.setHeader(Exchange.HTTP_URI, "http://elsewhere.example/");
        message.setBody("not this");
        return message;
    }

    @Test
    void aQueueTaskGoesWithTheTargetsHeadersSignedAndToTheTargetsUrl() {
        Message message = messageWithLeftovers();
        Target target = new Target("https://api.example/hook", "POST", Map.of("X-Team", "billing"), null);
        WebhookSignature signature = new WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        new WebhookRequest("task-1", "X-Warren-Queue", "orders", 3, "text/plain")
                .writeTo(message, target, BODY, Optional.of(signature));

        assertNull(message.getHeader("amqp_messageId"), "headers left on the message must not reach the target");
        assertEquals("billing", message.getHeader("X-Team"));
        assertEquals("text/plain", message.getHeader(Exchange.CONTENT_TYPE));
        assertEquals("task-1", message.getHeader("webhook-id"));
        assertEquals("orders", message.getHeader("X-Warren-Queue"));
        assertEquals("3", message.getHeader("X-Warren-Attempt"));
        long timestamp = Long.parseLong(message.getHeader("webhook-timestamp", String.class));
        assertEquals(signature.sign("task-1", timestamp, BODY), message.getHeader("webhook-signature"));
        assertEquals(Target.requestUrl("https://api.example/hook"), message.getHeader(Exchange.HTTP_URI));
        assertArrayEquals(BODY, message.getBody(byte[].class));
    }

    @Test
    void aStoredGroupsHeaderThatAPutNowRefusesIsNotSent() {
        // a group stored before Content-Encoding was refused: camel-http would gzip the body for it
        Message message = messageWithLeftovers();
        Target target = new Target("https://api.example/hook", "POST",
                Map.of("Content-Encoding", "gzip", "CamelHttpMethod", "GET", "X-Team", "billing"), null);

        new WebhookRequest("task-2", "X-Warren-Queue", "orders", 1, "application/json")
                .writeTo(message, target, BODY, Optional.empty());

        assertNull(message.getHeader("Content-Encoding"));
        assertNull(message.getHeader(Exchange.HTTP_METHOD));
        assertEquals("billing", message.getHeader("X-Team"));
        assertArrayEquals(BODY, message.getBody(byte[].class));
    }

    @Test
    void withoutTargetOrSecretNeitherUrlNorSignatureIsSet() {
        Message message = messageWithLeftovers();

        new WebhookRequest("rec-7", "X-Warren-Topic", "payments", 1, "application/json")
                .writeTo(message, null, BODY, Optional.empty());

        assertFalse(message.getHeaders().containsKey(Exchange.HTTP_URI), "no target, no URL: not the leftover one");
        assertFalse(message.getHeaders().containsKey("webhook-signature"));
        assertEquals("payments", message.getHeader("X-Warren-Topic"));
        assertTrue(message.getHeaders().containsKey("webhook-timestamp"));
    }
}
