package dev.warren.config;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.HeldTasks;
import dev.warren.broker.ManagementClient;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;
import dev.warren.broker.QueueViews;
import dev.warren.broker.QuorumReplicas;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Wires the connection to RabbitMQ and what declares, publishes to and reads the broker. */
final class BrokerConfiguration {

    /** The broker services the other features use. */
    record Broker(RabbitTemplate template, RabbitAdmin rabbitAdmin, QueueAdmin queueAdmin, ManagementClient management,
                  QueueViews queueViews, ConfirmedPublisher publisher, DelayQueues delays, HeldTasks heldTasks,
                  QueueSettings queueDefaults) {
    }

    private final URI rabbitUri;
    private final URI managementUri;
    private final long confirmTimeoutMs;
    private final int heartbeatSeconds;
    private final int channelCacheSize;
    private final int quorumReplicas;
    private final boolean verifyHostname;
    private final String defaultQueueType;
    private final int defaultDeliveryLimit;

    private URI amqpUri;
    private URI managementApiUri;
    private SSLContext tls;

    BrokerConfiguration(Settings settings) {
        rabbitUri = settings.uri("warren.rabbitmq.uri", List.of("amqp", "amqps"));
        managementUri = settings.uri("warren.rabbitmq.management-uri", List.of("http", "https"));
        confirmTimeoutMs = settings.number("warren.rabbitmq.confirm-timeout-ms", 1);
        heartbeatSeconds = settings.integer("warren.rabbitmq.heartbeat-seconds", 0);
        channelCacheSize = settings.integer("warren.rabbitmq.channel-cache-size", 1);
        quorumReplicas = settings.integer("warren.rabbitmq.quorum-replicas", 0);
        verifyHostname = settings.flag("warren.rabbitmq.tls.verify-hostname");
        defaultQueueType = settings.oneOf("warren.queues.default-type", List.of(QueueSettings.QUORUM, QueueSettings.CLASSIC));
        defaultDeliveryLimit = settings.integer("warren.queues.default-delivery-limit", 0);
    }

    long confirmTimeoutMs() {
        return confirmTimeoutMs;
    }

    String defaultQueueType() {
        return defaultQueueType;
    }

    int defaultDeliveryLimit() {
        return defaultDeliveryLimit;
    }

    CachingConnectionFactory connectionFactory(CamelContext context, Vertx vertx) {
        // user names and passwords of their own properties (each may come from a file) replace the URIs' user info
        amqpUri = BrokerConnections.withCredentials(rabbitUri,
                WarrenConfiguration.optional(context, "warren.rabbitmq.username"),
                WarrenConfiguration.optional(context, "warren.rabbitmq.password"));
        managementApiUri = BrokerConnections.withCredentials(managementUri,
                WarrenConfiguration.optional(context, "warren.rabbitmq.management-username"),
                WarrenConfiguration.optional(context, "warren.rabbitmq.management-password"));
        // one TLS context for AMQP and the management API: the same CA signs a broker's listeners
        if (BrokerConnections.isTls(amqpUri) || BrokerConnections.isTls(managementApiUri)) {
            tls = TlsFiles.clientContext(vertx, "warren.rabbitmq.tls.ca-file",
                    WarrenConfiguration.optional(context, "warren.rabbitmq.tls.ca-file"),
                    TlsFiles.Identity.of(context, "warren.rabbitmq.tls"));
        }
        java.util.List<String> addresses = BrokerAddresses.parse(
                WarrenConfiguration.optional(context, BrokerAddresses.PROPERTY).orElse(""), BrokerConnections.port(amqpUri));
        CachingConnectionFactory connectionFactory = BrokerConnections.connectionFactory(amqpUri, addresses,
                heartbeatSeconds, channelCacheSize, tls, verifyHostname);
        // Spring AMQP shuts its own pool (for closing channels) only when a Spring ApplicationContext closes, and
        // warren has none: with daemon threads instead, the JVM exits as soon as Camel has stopped
        org.springframework.scheduling.concurrent.CustomizableThreadFactory amqpThreads =
                new org.springframework.scheduling.concurrent.CustomizableThreadFactory("warren-amqp-");
        amqpThreads.setDaemon(true);
        connectionFactory.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(amqpThreads));
        // the factory's AMQP threads are not daemons: the JVM only exits once it is destroyed
        context.getRegistry().bind(Beans.CONNECTION_FACTORY, CachingConnectionFactory.class, connectionFactory, null, "destroy");
        return connectionFactory;
    }

    Broker broker(CachingConnectionFactory connectionFactory) {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        RabbitAdmin rabbitAdmin = new RabbitAdmin(connectionFactory);
        boolean classicVersion2 = BrokerConnections.supportsClassicVersion2(connectionFactory);
        ManagementClient management = new ManagementClient(managementApiUri, BrokerConnections.vhost(amqpUri),
                BrokerConnections.isTls(managementApiUri) ? tls : null);
        QueueAdmin queueAdmin = new QueueAdmin(rabbitAdmin, classicVersion2, new QuorumReplicas(quorumReplicas, management));
        ConfirmedPublisher publisher = new ConfirmedPublisher(template, Duration.ofMillis(confirmTimeoutMs));
        DelayQueues delays = new DelayQueues(rabbitAdmin, publisher, classicVersion2);
        QueueViews queueViews = new QueueViews(queueAdmin, management, delays::declared);
        QueueSettings queueDefaults = new QueueSettings(null, null, null, null)
                .withDefaults(defaultQueueType, defaultDeliveryLimit);
        return new Broker(template, rabbitAdmin, queueAdmin, management, queueViews, publisher, delays,
                new HeldTasks(template, publisher, delays::declared), queueDefaults);
    }
}
