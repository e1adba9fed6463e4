package dev.warren.kafka;

import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.SourceSteps;
import dev.warren.delivery.WebhookRequest;
import dev.warren.delivery.WebhookSignature;
import dev.warren.workers.Target;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Optional;

/**
 * A worker type's begin, prepareHttpCall and complete for one attempt of a Kafka record, handed the exchange by the
 * bean "worker" ({@link DeliverySteps}). The record is claimed, and its outcome settled, by {@link KafkaDelivery}
 * around the steps route, so {@code begin} and {@code complete} only name the task; the steps in between (a call, a
 * page fetch) work as for a queue task.
 */
public final class KafkaSteps implements SourceSteps {

    /** The exchange property holding the {@link Attempt} the route runs for. */
    public static final String ATTEMPT = "warrenKafkaAttempt";

    /** One attempt to deliver a record: what the target's request is made of. */
    public record Attempt(String topic, String id, int n, Target target) {
    }

    private final Optional<WebhookSignature> signature;

    public KafkaSteps(Optional<WebhookSignature> signature) {
        this.signature = signature;
    }

    @Override
    public void begin(Exchange exchange) {
        exchange.setProperty(DeliverySteps.TASK_ID, attempt(exchange).id());
    }

    /** Turns the message into the target's request: the body as the steps left it, headers as a queue task's. */
    @Override
    public void prepareHttpCall(Exchange exchange) {
        Attempt attempt = attempt(exchange);
        Message message = exchange.getMessage();
        new WebhookRequest(attempt.id(), "X-Warren-Topic", attempt.topic(), attempt.n(), "application/json")
                .writeTo(message, attempt.target(), message.getBody(byte[].class), signature);
    }

    /** Nothing to do: {@link KafkaDelivery} reads the attempt's outcome from the exchange once the route has run. */
    @Override
    public void complete(Exchange exchange) {
    }

    private static Attempt attempt(Exchange exchange) {
        Attempt attempt = exchange.getProperty(ATTEMPT, Attempt.class);
        if (attempt == null) {
            throw new IllegalStateException("a Kafka worker step ran without its record");
        }
        return attempt;
    }
}
