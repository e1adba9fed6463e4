package dev.warren.config;

import dev.warren.api.CompatApi;
import dev.warren.api.HttpErrorPages;
import dev.warren.api.QueueApi;
import dev.warren.api.TaskApi;
import dev.warren.api.WorkerApi;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.ManagementClient;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;
import dev.warren.broker.QueueViews;
import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.WebhookSignature;
import dev.warren.store.Store;
import dev.warren.workers.ListenerContainers;
import dev.warren.workers.WorkerGroupStore;
import dev.warren.workers.WorkerGroups;
import dev.warren.workers.WorkerRoutes;
import dev.warren.workers.WorkerTypes;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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
    @PropertyInject("warren.store.url")
    private String storeUrl;
    @PropertyInject("warren.store.user")
    private String storeUser;
    @PropertyInject("warren.store.pool-size")
    private int storePoolSize;

    @Override
    public void configure(CamelContext context) throws Exception {
        URI amqp = URI.create(rabbitUri);
        CachingConnectionFactory connectionFactory = BrokerConnections.connectionFactory(amqp, heartbeatSeconds, channelCacheSize);
        // the factory's AMQP threads are not daemons: the JVM only exits once it is destroyed
        context.getRegistry().bind("connectionFactory", CachingConnectionFactory.class, connectionFactory, null, "destroy");
        Store store = new Store(storeUrl, storeUser, optional(context, "warren.store.password").orElse(null), storePoolSize);
        context.getRegistry().bind("store", Store.class, store, null, "close");

        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMandatory(true);
        // returns are read from each message's correlation; this only keeps the template from warning
        template.setReturnsCallback(returned -> { });
        RabbitAdmin rabbitAdmin = new RabbitAdmin(connectionFactory);
        boolean classicVersion2 = BrokerConnections.supportsClassicVersion2(connectionFactory);
        QueueAdmin queueAdmin = new QueueAdmin(rabbitAdmin, classicVersion2);
        ManagementClient management = new ManagementClient(URI.create(managementUri), BrokerConnections.vhost(amqp));
        QueueViews queueViews = new QueueViews(queueAdmin, management);
        ConfirmedPublisher publisher = new ConfirmedPublisher(template, Duration.ofMillis(confirmTimeoutMs));
        DelayQueues delays = new DelayQueues(rabbitAdmin, publisher, classicVersion2);

        ListenerContainers containers = new ListenerContainers();
        context.getComponent("spring-rabbitmq", SpringRabbitMQComponent.class).setListenerContainerFactory(containers);
        WorkerGroups groups = new WorkerGroups(new WorkerGroupStore(store), new WorkerRoutes(context, containers),
                new WorkerTypes(context), containers);
        context.getRegistry().bind("worker", new DeliverySteps(groups, publisher, delays,
                optional(context, "warren.delivery.signing-secret").map(WebhookSignature::new)));

        QueueSettings queueDefaults = new QueueSettings(null, null, null, null).withDefaults(defaultQueueType, defaultDeliveryLimit);
        QueueApi queueApi = new QueueApi(queueAdmin, queueViews, groups, defaultQueueType, defaultDeliveryLimit);
        TaskApi taskApi = new TaskApi(publisher, delays, queueAdmin);
        context.getRegistry().bind("queueApi", queueApi);
        context.getRegistry().bind("taskApi", taskApi);
        context.getRegistry().bind("workerApi", new WorkerApi(groups, queueApi));
        context.getRegistry().bind("compatApi", new CompatApi(groups, queueAdmin, queueApi, taskApi, queueDefaults));
        HttpErrorPages.install(context);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                groups.restore();
            }
        });
    }

    /** A property that may be absent or empty (@PropertyInject cannot default to an empty value). */
    private static Optional<String> optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).filter(value -> !value.isBlank());
    }
}
