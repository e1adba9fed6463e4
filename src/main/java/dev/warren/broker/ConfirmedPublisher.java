package dev.warren.broker;

import dev.warren.api.ProblemException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes persistent, mandatory messages and returns only when the broker has confirmed every one.
 * Spring AMQP's template is used rather than a Camel producer because it pipelines the confirms of a batch and
 * reports mandatory returns (an unroutable message) on each message's correlation.
 */
public final class ConfirmedPublisher {

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    /** @param template a mandatory template on a factory with correlated confirms and returns */
    public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Sends all messages, then waits for all confirms.
     *
     * @return for each message, whether the broker routed it to at least one queue
     * @throws ProblemException 503 when the broker is unreachable, nacks, or does not confirm in time
     */
    public List<Boolean> publish(List<OutgoingMessage> messages) {
        List<CorrelationData> pending = new ArrayList<>(messages.size());
        try {
            // one channel for the whole request, so that its messages reach the queue in their order
            template.invoke(operations -> {
                for (OutgoingMessage message : messages) {
                    CorrelationData correlation = new CorrelationData(message.id());
                    operations.send(message.exchange(), message.routingKey(), toAmqp(message), correlation);
                    pending.add(correlation);
                }
                return null;
            });
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Publishing");
        }
        return awaitConfirms(pending);
    }

    private List<Boolean> awaitConfirms(List<CorrelationData> pending) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        List<Boolean> routed = new ArrayList<>(pending.size());
        for (CorrelationData correlation : pending) {
            CorrelationData.Confirm confirm;
            try {
                confirm = correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw ProblemException.unavailable("The broker did not confirm message " + correlation.getId()
                        + " within " + confirmTimeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                throw ProblemException.unavailable("Publishing message " + correlation.getId() + " failed: "
                        + BrokerErrors.rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProblemException.unavailable("Interrupted while waiting for the broker's confirm");
            }
            if (!confirm.isAck()) {
                throw ProblemException.unavailable("The broker refused message " + correlation.getId()
                        + (confirm.getReason() != null ? ": " + confirm.getReason() : "")
                        + " (a queue at its maxLength refuses new messages)");
            }
            routed.add(correlation.getReturned() == null);
        }
        return routed;
    }

    private static Message toAmqp(OutgoingMessage message) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(message.id());
        properties.setTimestamp(new Date());
        message.headers().forEach(properties::setHeader);
        return new Message(message.body(), properties);
    }
}
