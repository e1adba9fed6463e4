package dev.warren.broker;

import com.rabbitmq.client.GetResponse;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Takes messages from a queue on demand (basic.get with manual acks) and acknowledges them only once the caller
 * has built its answer from them; if that fails they go back to the queue.
 */
public final class PullConsumer {

    private static final MessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final RabbitTemplate template;

    public PullConsumer(RabbitTemplate template) {
        this.template = template;
    }

    /**
     * Takes up to max ready messages, builds the answer from them, then acks them all at once.
     * When building throws, the messages are requeued (nack) and the exception is rethrown as it was.
     */
    public <T> T take(String queue, int max, Function<List<Message>, T> answer) {
        RuntimeException[] failed = new RuntimeException[1];
        T built;
        try {
            built = template.execute(channel -> {
                List<Message> taken = new ArrayList<>();
                long lastTag = 0;
                for (GetResponse response; taken.size() < max && (response = channel.basicGet(queue, false)) != null; ) {
                    lastTag = response.getEnvelope().getDeliveryTag();
                    taken.add(new Message(response.getBody(), PROPERTIES.toMessageProperties(response.getProps(),
                            response.getEnvelope(), StandardCharsets.UTF_8.name())));
                }
                try {
                    T result = answer.apply(taken);
                    if (lastTag > 0) {
                        channel.basicAck(lastTag, true);
                    }
                    return result;
                } catch (RuntimeException e) {
                    if (lastTag > 0) {
                        channel.basicNack(lastTag, true, true);
                    }
                    // kept aside: the template would wrap it into an AmqpException, hiding e.g. a 400 as a 503
                    failed[0] = e;
                    return null;
                }
            });
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Queue " + queue);
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return built;
    }
}
