package dev.warren.delivery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.warren.tasks.MessageIds;
import dev.warren.tasks.TaskHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.DefaultMessagePropertiesConverter;
import org.apache.camel.component.springrabbit.SpringRabbitMQHeaderFilterStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dead letter without an id is replayed under the id the worker derived for the message it once was. */
class DeadLetterIdTest {

    private static final String QUEUE = "orders";
    private static final byte[] BODY = "just a string".getBytes(StandardCharsets.UTF_8);

    @Test
    void theIdDerivedForADeadLetterIsTheIdTheWorkerDerivedForItsMessage() {
        Map<String, Object> published = new LinkedHashMap<>();
        published.put("x-tenant", LongStringHelper.asLongString("acme"));
        published.put("x-count", 3);
        Map<String, Object> deadLettered = new LinkedHashMap<>(published);
        deadLettered.put("x-death", List.of(Map.of("queue", LongStringHelper.asLongString(QUEUE), "count", 1L,
                "reason", LongStringHelper.asLongString("delivery_limit"))));
        deadLettered.put("x-first-death-reason", LongStringHelper.asLongString("delivery_limit"));
        deadLettered.put("x-delivery-count", 5);

        String byWorker = asWorkerSeesIt(properties(published));
        String forDeadLetter = MessageIds.derived(QUEUE, BODY, spring(properties(deadLettered)));

        assertEquals(byWorker, forDeadLetter);
    }

    @Test
    void aMessageWithoutOptionalPropertiesGetsTheSameIdBothWays() {
        AMQP.BasicProperties bare = new AMQP.BasicProperties.Builder().build();
        assertEquals(asWorkerSeesIt(bare), MessageIds.derived(QUEUE, BODY, spring(bare)));
    }

    private static AMQP.BasicProperties properties(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("text/plain").contentEncoding("UTF-8")
                .appId("billing").type("order").correlationId("c-1").timestamp(new Date(1_700_000_000_000L))
                .deliveryMode(2).headers(headers).build();
    }

    private static MessageProperties spring(AMQP.BasicProperties properties) {
        return new org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter()
                .toMessageProperties(properties, new Envelope(7, false, "", QUEUE), "UTF-8");
    }

    /** As the worker's begin step derives it: from the Camel message the consumer made of the delivery. */
    private static String asWorkerSeesIt(AMQP.BasicProperties properties) {
        DefaultMessagePropertiesConverter camel = new DefaultMessagePropertiesConverter();
        camel.setHeaderFilterStrategy(new SpringRabbitMQHeaderFilterStrategy());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeaders(camel.fromMessageProperties(spring(properties), exchange));
        Map<String, Object> headers = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (!name.startsWith("Camel") && !TaskHeaders.isTransient(name)) {
                headers.put(name, value);
            }
        });
        return MessageIds.derived(QUEUE, BODY, DeliverySteps.identifyingProperties(exchange.getMessage()), headers);
    }

}
