package dev.warren.config;

import dev.warren.api.HttpErrorPages;
import dev.warren.api.QueueApi;
import dev.warren.api.TaskApi;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.ManagementClient;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueViews;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.net.URI;
import java.time.Duration;

/** Wires warren's services from application.properties and binds them for the routes to call by name. */
public class WarrenConfiguration implements CamelConfiguration {

    @PropertyInject("warren.rabbitmq.uri")
    private String rabbitUri;
    @PropertyInject("warren.rabbitmq.management-uri")
    private String managementUri;
    @PropertyInject("warren.rabbitmq.confirm-timeout-ms")
    private long confirmTimeoutMs;
    @PropertyInject("warren.rabbitmq.heartbeat-seconds")
    private int heartbeatSeconds;
    @PropertyInject("warren.rabbitmq.channel-cache-size")
    private int channelCacheSize;
    @PropertyInject("warren.queues.default-type")
    private String defaultQueueType;
    @PropertyInject("warren.queues.default-delivery-limit")
    private int defaultDeliveryLimit;

    @Override
    public void configure(CamelContext context) throws Exception {
        URI amqp = URI.create(rabbitUri);
        CachingConnectionFactory connectionFactory = BrokerConnections.connectionFactory(amqp, heartbeatSeconds, channelCacheSize);
        // the factory's AMQP threads are not daemons: the JVM only exits once it is destroyed
        context.getRegistry().bind("connectionFactory", CachingConnectionFactory.class, connectionFactory, null, "destroy");

        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMandatory(true);
        // returns are read from each message's correlation; this only keeps the template from warning
        template.setReturnsCallback(returned -> { });
        RabbitAdmin rabbitAdmin = new RabbitAdmin(connectionFactory);
        QueueAdmin queueAdmin = new QueueAdmin(rabbitAdmin, BrokerConnections.supportsClassicVersion2(connectionFactory));
        ManagementClient management = new ManagementClient(URI.create(managementUri), BrokerConnections.vhost(amqp));
        QueueViews queueViews = new QueueViews(queueAdmin, management);
        ConfirmedPublisher publisher = new ConfirmedPublisher(template, Duration.ofMillis(confirmTimeoutMs));

        context.getRegistry().bind("queueApi", new QueueApi(queueAdmin, queueViews, defaultQueueType, defaultDeliveryLimit));
        context.getRegistry().bind("taskApi", new TaskApi(publisher));
        HttpErrorPages.install(context);
    }
}
