package dev.warren.config;

import dev.warren.api.BrokerApi;
import dev.warren.api.CompatApi;
import dev.warren.api.DocsPage;
import dev.warren.api.ExchangeApi;
import dev.warren.api.HttpErrorPages;
import dev.warren.api.JobApi;
import dev.warren.api.OpenApiDocument;
import dev.warren.jobs.DeadLetterReplay;
import dev.warren.jobs.JobCleanup;
import dev.warren.jobs.JobStore;
import dev.warren.jobs.Jobs;
import dev.warren.api.QueueApi;
import dev.warren.api.TaskApi;
import dev.warren.api.TopicApi;
import dev.warren.api.WorkerApi;
import dev.warren.broker.BrokerViews;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.ExchangeAdmin;
import dev.warren.broker.ExchangeViews;
import dev.warren.broker.ManagementClient;
import dev.warren.broker.PullConsumer;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;
import dev.warren.broker.QueueViews;
import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.WebhookSignature;
import dev.warren.ops.BrokerSampler;
import dev.warren.ops.ConsumerWatch;
import dev.warren.ops.Operations;
import dev.warren.ops.RequeueOnError;
import dev.warren.ops.ShutdownGate;
import dev.warren.ops.WarrenMetrics;
import dev.warren.store.Store;
import dev.warren.topics.Topics;
import dev.warren.workers.ListenerContainers;
import dev.warren.workers.RouteFiles;
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

import io.micrometer.core.instrument.MeterRegistry;

import java.net.URI;
import java.time.Clock;
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
    @PropertyInject("warren.routes.directory")
    private String routesDirectory;
    @PropertyInject("warren.routes.reload-interval-ms")
    private long routesReloadIntervalMs;
    @PropertyInject("warren.store.pool-size")
    private int storePoolSize;

    @PropertyInject("warren.jobs.tracking")
    private boolean jobsTracking;
    @PropertyInject("warren.jobs.retention")
    private String jobsRetention;
    @PropertyInject("warren.jobs.failed-retention")
    private String jobsFailedRetention;
    @PropertyInject("warren.jobs.cleanup-interval-ms")
    private long jobsCleanupIntervalMs;
    @PropertyInject("warren.http.worker-threads")
    private int httpWorkerThreads;
    @PropertyInject("warren.metrics.queue-refresh-ms")
    private long queueRefreshMs;
    @PropertyInject("warren.health.consumer-grace-ms")
    private long consumerGraceMs;

    @Override
    public void configure(CamelContext context) throws Exception {
        // API requests run on Vert.x worker threads and wait for the broker's confirms: the default 20 would cap them
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setWorkerPoolSize(httpWorkerThreads));
        context.getRegistry().bind("vertx", io.vertx.core.Vertx.class, vertx, null, "close");
        URI amqp = URI.create(rabbitUri);
        CachingConnectionFactory connectionFactory = BrokerConnections.connectionFactory(amqp, heartbeatSeconds, channelCacheSize);
        // Spring AMQP shuts its own pool (for closing channels) only when a Spring ApplicationContext closes, and
        // warren has none: with daemon threads instead, the JVM exits as soon as Camel has stopped
        org.springframework.scheduling.concurrent.CustomizableThreadFactory amqpThreads =
                new org.springframework.scheduling.concurrent.CustomizableThreadFactory("warren-amqp-");
        amqpThreads.setDaemon(true);
        connectionFactory.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(amqpThreads));
        // the factory's AMQP threads are not daemons: the JVM only exits once it is destroyed
        context.getRegistry().bind("connectionFactory", CachingConnectionFactory.class, connectionFactory, null, "destroy");
        Store store = new Store(storeUrl, storeUser, optional(context, "warren.store.password").orElse(null), storePoolSize);
        context.getRegistry().bind("store", Store.class, store, null, "close");
        MeterRegistry meterRegistry = Operations.meterRegistry(context);
        WarrenMetrics metrics = new WarrenMetrics(meterRegistry);
        ShutdownGate gate = Operations.shutdownGate(context);

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
        RouteFiles routeFiles = new RouteFiles(context, java.nio.file.Path.of(routesDirectory));
        context.getRegistry().bind("routeFiles", RouteFiles.class, routeFiles, null, "close");
        context.getComponent("spring-rabbitmq", SpringRabbitMQComponent.class)
                .setListenerContainerFactory(new RequeueOnError(containers));
        WorkerTypes workerTypes = new WorkerTypes(context, routeFiles);
        WorkerGroups groups = new WorkerGroups(new WorkerGroupStore(store), new WorkerRoutes(context, containers),
                workerTypes, containers, queueAdmin::mayExist);
        JobStore jobStore = new JobStore(store, jobsTracking);
        context.getRegistry().bind("jobStore", JobStore.class, jobStore, null, "close");
        Jobs jobs = new Jobs(jobStore, publisher, Duration.ofMillis(confirmTimeoutMs * 2));
        JobCleanup cleanup = new JobCleanup(jobStore, Duration.parse(jobsRetention), Duration.parse(jobsFailedRetention));
        context.getRegistry().bind("jobCleanup", JobCleanup.class, cleanup, null, "close");
        cleanup.start(Duration.ofMillis(jobsCleanupIntervalMs));
        context.getRegistry().bind("worker", new DeliverySteps(groups, publisher, delays, jobStore,
                optional(context, "warren.delivery.signing-secret").map(WebhookSignature::new), metrics, gate));
        ConsumerWatch watch = new ConsumerWatch(groups, containers, Duration.ofMillis(consumerGraceMs), Clock.systemUTC());
        Operations.readinessChecks(context, connectionFactory, store, watch);
        BrokerSampler sampler = new BrokerSampler(meterRegistry, queueViews, groups, watch);
        context.getRegistry().bind("brokerSampler", BrokerSampler.class, sampler, null, "close");

        QueueSettings queueDefaults = new QueueSettings(null, null, null, null).withDefaults(defaultQueueType, defaultDeliveryLimit);
        QueueApi queueApi = new QueueApi(queueAdmin, queueViews, groups, defaultQueueType, defaultDeliveryLimit);
        TaskApi taskApi = new TaskApi(publisher, delays, queueAdmin, jobs, metrics);
        context.getRegistry().bind("jobApi", new JobApi(jobs, new DeadLetterReplay(template, publisher, jobStore), queueApi));
        context.getRegistry().bind("queueApi", queueApi);
        context.getRegistry().bind("taskApi", taskApi);
        context.getRegistry().bind("workerApi", new WorkerApi(groups, workerTypes, queueApi));
        context.getRegistry().bind("compatApi", new CompatApi(groups, queueAdmin, queueApi, taskApi, queueDefaults));
        ExchangeAdmin exchangeAdmin = new ExchangeAdmin(rabbitAdmin);
        ExchangeViews exchangeViews = new ExchangeViews(management);
        Topics topics = new Topics(exchangeAdmin, exchangeViews, queueAdmin, queueDefaults);
        context.getRegistry().bind("topicApi", new TopicApi(topics, queueApi, publisher, new PullConsumer(template)));
        context.getRegistry().bind("exchangeApi", new ExchangeApi(exchangeAdmin, exchangeViews, queueAdmin, publisher));
        context.getRegistry().bind("brokerApi", new BrokerApi(new BrokerViews(management)));
        HttpErrorPages.install(context, gate);
        DocsPage.install(context);
        context.getRegistry().bind("openApiDocument", new OpenApiDocument());
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                // worker types first: restoring a group makes its route from its type's template
                routeFiles.scan();
                groups.restore();
                routeFiles.onTemplatesChanged(groups::reinstantiate);
                routeFiles.watch(routesReloadIntervalMs);
                sampler.start(Duration.ofMillis(queueRefreshMs));
            }
        });
    }

    /** A property that may be absent or empty (@PropertyInject cannot default to an empty value). */
    private static Optional<String> optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).filter(value -> !value.isBlank());
    }
}
