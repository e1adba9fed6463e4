package dev.warren.delivery;

import dev.warren.workers.Target;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Instant;
import java.util.Optional;

/**
 * What a target receives for one attempt, from a queue or a topic: the target's own headers, the webhook headers
 * (id, timestamp, signature), warren's source and attempt headers, and the body as the worker's steps left it.
 *
 * @param sourceHeader "X-Warren-Queue" or "X-Warren-Topic"
 */
public record WebhookRequest(String id, String sourceHeader, String source, int attempt, String contentType) {

    /** Replaces the message's headers with the request's; a missing target leaves out its headers and URL. */
    public void writeTo(Message message, Target target, byte[] body, Optional<WebhookSignature> signature) {
        // every header left on the message would be sent to the target
        message.getHeaders().clear();
        if (target != null) {
            target.headers().forEach((name, value) -> {
                if (Target.isSentAsIs(name)) {
                    message.setHeader(name, value);
                }
            });
        }
        long timestamp = Instant.now().getEpochSecond();
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setHeader(Target.WEBHOOK_ID, id);
        message.setHeader(Target.WEBHOOK_TIMESTAMP, String.valueOf(timestamp));
        signature.ifPresent(s -> message.setHeader(Target.WEBHOOK_SIGNATURE, s.sign(id, timestamp, body)));
        message.setHeader(sourceHeader, source);
        message.setHeader("X-Warren-Attempt", String.valueOf(attempt));
        if (target != null) {
            // the request URL as message data: camel-http never reads it as endpoint options
            message.setHeader(Exchange.HTTP_URI, Target.requestUrl(target.url()));
        }
        message.setBody(body);
    }
}
