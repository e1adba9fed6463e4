package dev.warren.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import dev.warren.common.ProblemException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Publishes persistent, mandatory messages and returns only when the broker has confirmed every one.
 * It publishes on a channel of the template (simple confirms) with its own return and confirm listeners, not through
 * RabbitTemplate.send: for returns and correlated confirms Spring AMQP adds headers of its own
 * (spring_listener_return_correlation, spring_returned_message_correlation) that every consumer would then see.
 */
public final class ConfirmedPublisher {

    private static final MessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    /** @param template a template on a factory with simple publisher confirms */
    public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
    }

    /** How a publish ended on its channel: per message, returned or refused; or no confirm in time. */
    private record Sent(List<Boolean> routed, int refused, boolean timedOut) {
    }

    /**
     * Sends all messages, then waits for all confirms.
     *
     * @return for each message, whether the broker routed it to at least one queue
     * @throws ProblemException 503 when the broker is unreachable, nacks, or does not confirm in time
     */
    public List<Boolean> publish(List<OutgoingMessage> messages) {
        Sent sent;
        try {
            // one channel for the whole request, so that its messages reach the queue in their order
            sent = template.execute(channel -> send(channel, messages));
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Publishing");
        }
        if (sent == null || sent.timedOut()) {
            throw ProblemException.unavailable("The broker did not confirm " + describe(messages) + " within "
                    + confirmTimeout.toMillis() + " ms");
        }
        if (sent.refused() >= 0) {
            throw ProblemException.unavailable("The broker refused message " + messages.get(sent.refused()).id()
                    + " (a queue at its maxLength refuses new messages)");
        }
        return sent.routed();
    }

    private Sent send(Channel channel, List<OutgoingMessage> messages) throws IOException {
        // a return comes before the confirm of its message: once all are confirmed, every return has been seen
        Set<String> returned = ConcurrentHashMap.newKeySet();
        Set<Long> nacked = ConcurrentHashMap.newKeySet();
        List<Long> nackedUpTo = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReturnListener onReturn = (code, text, exchange, routingKey, properties, body) ->
                returned.add(key(exchange, routingKey, properties.getMessageId()));
        ConfirmListener onConfirm = new ConfirmListener() {
            @Override
            public void handleAck(long sequence, boolean multiple) {
            }

            @Override
            public void handleNack(long sequence, boolean multiple) {
                (multiple ? nackedUpTo : nacked).add(sequence);
            }
        };
        channel.addReturnListener(onReturn);
        channel.addConfirmListener(onConfirm);
        try {
            long[] sequences = new long[messages.size()];
            for (int i = 0; i < messages.size(); i++) {
                OutgoingMessage message = messages.get(i);
                sequences[i] = channel.getNextPublishSeqNo();
                channel.basicPublish(message.exchange(), message.routingKey(), true, properties(message), message.body());
            }
            try {
                channel.waitForConfirms(confirmTimeout.toMillis());
            } catch (TimeoutException e) {
                // confirms of this channel may still come: it must not serve another publish
                RabbitUtils.setPhysicalCloseRequired(channel, true);
                return new Sent(List.of(), -1, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                RabbitUtils.setPhysicalCloseRequired(channel, true);
                return new Sent(List.of(), -1, true);
            }
            List<Boolean> routed = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                long sequence = sequences[i];
                if (nacked.contains(sequence) || nackedUpTo.stream().anyMatch(upTo -> sequence <= upTo)) {
                    return new Sent(List.of(), i, false);
                }
                OutgoingMessage message = messages.get(i);
                routed.add(!returned.contains(key(message.exchange(), message.routingKey(), message.id())));
            }
            return new Sent(routed, -1, false);
        } finally {
            channel.removeReturnListener(onReturn);
            channel.removeConfirmListener(onConfirm);
        }
    }

    private static String key(String exchange, String routingKey, String id) {
        return exchange + '\n' + routingKey + '\n' + id;
    }

    private static String describe(List<OutgoingMessage> messages) {
        return messages.size() == 1 ? "message " + messages.get(0).id() : messages.size() + " messages";
    }

    private static AMQP.BasicProperties properties(OutgoingMessage message) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(message.contentType());
        properties.setContentEncoding(message.contentEncoding());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(message.id());
        properties.setTimestamp(new Date());
        message.headers().forEach(properties::setHeader);
        return PROPERTIES.fromMessageProperties(properties, OutgoingMessage.UTF_8);
    }
}
