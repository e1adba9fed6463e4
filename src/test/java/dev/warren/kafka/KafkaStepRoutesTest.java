package dev.warren.kafka;

import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.WebhookSignature;
import dev.warren.workers.Target;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker type's template runs for Kafka records from a direct endpoint with the Kafka steps, and stays as it was for queues. */
class KafkaStepRoutesTest {

    private CamelContext context;
    private final List<Exchange> atTarget = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        // the queue groups' bean: for a Kafka attempt it hands each step to the attempt's own steps
        context.getRegistry().bind("worker", new DeliverySteps(null, null, null, null, Optional.empty(), null, null,
                null, false));
        // a lambda, not a RouteBuilder subclass: warren's package scan would pick one up
        RouteBuilder.addRoutes(context, routes -> {
            routes.routeTemplate("plain").templateParameter("queue").templateParameter("target")
                    .from("direct:queue-{{queue}}")
                    .setProperty("warrenQueue", routes.constant("{{queue}}"))
                    .bean("worker", "begin")
                    .bean("worker", "prepareHttpCall")
                    .to("{{target}}")
                    .bean("worker", "complete");
            routes.from("direct:target").process(atTarget::add);
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aKafkaStepsRouteTakesRecordsFromItsDirectEndpointWithTheKafkaSteps() {
        KafkaStepRoutes routes = new KafkaStepRoutes(context);
        routes.create("orders.v1", "plain", Map.of("queue", "kafka:orders.v1", "target", "direct:target"));

        Exchange answer = context.createProducerTemplate().send(KafkaStepRoutes.uri("orders.v1"), exchange -> {
            exchange.setProperty(KafkaSteps.ATTEMPT, new KafkaSteps.Attempt("orders.v1", "m-1", 2,
                    new Target("http://127.0.0.1:9/hook", null, Map.of("X-Team", "billing"), null).withDefaults()));
            exchange.setProperty(DeliverySteps.SOURCE_STEPS, new KafkaSteps(Optional.of(new WebhookSignature("whsec_dGVzdA=="))));
            exchange.getMessage().setBody("{\"n\": 1}".getBytes());
        });

        assertNull(answer.getException());
        assertEquals(1, atTarget.size(), "the request reached the target step");
        var request = atTarget.get(0).getMessage();
        assertEquals("m-1", request.getHeader("webhook-id"));
        assertEquals("orders.v1", request.getHeader("X-Warren-Topic"));
        assertEquals("2", request.getHeader("X-Warren-Attempt"));
        assertEquals("billing", request.getHeader("X-Team"));
        assertEquals("http://127.0.0.1:9/hook", request.getHeader(Exchange.HTTP_URI));
        assertEquals("{\"n\": 1}", request.getBody(String.class));
        assertNotNull(request.getHeader("webhook-signature"), "signed like a queue task's request");
        assertEquals("m-1", answer.getProperty("warrenTaskId"));
    }

    @Test
    void theTemplateStillMakesQueueRoutesAfterwards() throws Exception {
        KafkaStepRoutes routes = new KafkaStepRoutes(context);
        routes.create("orders", "plain", Map.of("queue", "kafka:orders", "target", "direct:target"));

        TemplatedRouteBuilder.builder(context, "plain").routeId("worker-q1")
                .parameter("queue", "q1").parameter("target", "direct:target").add();
        assertTrue(context.getRoute("worker-q1").getEndpoint().getEndpointUri().contains("queue-q1"),
                context.getRoute("worker-q1").getEndpoint().getEndpointUri());
        assertNotNull(context.getRoute(KafkaStepRoutes.routeId("orders")));
    }

    @Test
    void aSourceIsNeverTakenFromTextParameters() throws Exception {
        new KafkaStepRoutes(context);
        // a caller's parameters are text: one named like the source changes nothing
        TemplatedRouteBuilder.builder(context, "plain").routeId("worker-q2")
                .parameter("queue", "q2").parameter("target", "direct:target")
                .parameter(KafkaStepRoutes.SOURCE, "direct:elsewhere").add();
        assertTrue(context.getRoute("worker-q2").getEndpoint().getEndpointUri().contains("queue-q2"));
    }

    @Test
    void aTopicThatIsNotATopicNameMakesNoEndpoint() {
        assertThrows(IllegalArgumentException.class, () -> KafkaStepRoutes.uri("x?y={{z}}"));
        assertEquals("direct:kafka-steps-a.b_c-d", KafkaStepRoutes.uri("a.b_c-d"));
    }
}
