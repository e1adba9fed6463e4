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
import dev.warren.jobs.JobReconciler;
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
import dev.warren.broker.RawBodyConverter;
import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.TargetConnections;
import dev.warren.delivery.TargetPolicy;
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
    @PropertyInject("warren.store.connection-timeout-ms")
    private long storeConnectionTimeoutMs;

    @PropertyInject("warren.jobs.tracking")
    private boolean jobsTracking;
    @PropertyInject("warren.jobs.retention")
    private String jobsRetention;
    @PropertyInject("warren.jobs.failed-retention")
    private String jobsFailedRetention;
    @PropertyInject("warren.jobs.cleanup-interval-ms")
    private long jobsCleanupIntervalMs;
    @PropertyInject("warren.jobs.reconcile-interval-ms")
    private long jobsReconcileIntervalMs;
    @PropertyInject("warren.http.worker-threads")
    private int httpWorkerThreads;
    @PropertyInject("warren.http.idle-timeout-seconds")
    private int httpIdleTimeoutSeconds;
    @PropertyInject("warren.metrics.queue-refresh-ms")
    private long queueRefreshMs;
    @PropertyInject("warren.health.consumer-grace-ms")
    private long consumerGraceMs;
    @PropertyInject("warren.delivery.denied-targets")
    private String deniedTargets;
    @PropertyInject("warren.delivery.allow-userinfo")
    private boolean allowUserinfo;
    @PropertyInject("warren.delivery.scraper-allow-port")
    private boolean scraperAllowPort;
    @PropertyInject("warren.jolokia.policy-location")
    private String jolokiaPolicyLocation;

    @Override
    public void configure(CamelContext context) throws Exception {
        // API requests run on Vert.x worker threads and wait for the broker's confirms: the default 20 would cap them
        io.vertx.core.Vertx vertx = HttpServerVertx.wrap(io.vertx.core.Vertx.vertx(
                new io.vertx.core.VertxOptions().setWorkerPoolSize(httpWorkerThreads)), httpIdleTimeoutSeconds,
                HttpErrorPages::answerInvalidRequest);
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
        Store store = new Store(storeUrl, storeUser, optional(context, "warren.store.password").orElse(null), storePoolSize,
                Duration.ofMillis(storeConnectionTimeoutMs));
        // closed by StoreShutdown below, after the job store
        context.getRegistry().bind("store", Store.class, store);
        MeterRegistry meterRegistry = Operations.meterRegistry(context);
        WarrenMetrics metrics = new WarrenMetrics(meterRegistry);
        ShutdownGate gate = Operations.shutdownGate(context);
        Operations.jolokia(context, jolokiaPolicyLocation, optional(context, "warren.jolokia.allowed-origins")
                .map(list -> java.util.Arrays.stream(list.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList())
                .orElse(java.util.List.of()));

        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        RabbitAdmin rabbitAdmin = new RabbitAdmin(connectionFactory);
        boolean classicVersion2 = BrokerConnections.supportsClassicVersion2(connectionFactory);
        QueueAdmin queueAdmin = new QueueAdmin(rabbitAdmin, classicVersion2);
        ManagementClient management = new ManagementClient(URI.create(managementUri), BrokerConnections.vhost(amqp));
        QueueViews queueViews = new QueueViews(queueAdmin, management);
        ConfirmedPublisher publisher = new ConfirmedPublisher(template, Duration.ofMillis(confirmTimeoutMs));
        DelayQueues delays = new DelayQueues(rabbitAdmin, publisher, classicVersion2);

        TargetPolicy targetPolicy = TargetPolicy.of(deniedTargets,
                optional(context, "warren.delivery.allowed-targets").orElse(null), allowUserinfo);
        TargetConnections.install(context, targetPolicy);
        ListenerContainers containers = new ListenerContainers();
        RouteFiles routeFiles = new RouteFiles(context, java.nio.file.Path.of(routesDirectory));
        context.getRegistry().bind("routeFiles", RouteFiles.class, routeFiles, null, "close");
        SpringRabbitMQComponent rabbit = context.getComponent("spring-rabbitmq", SpringRabbitMQComponent.class);
        rabbit.setListenerContainerFactory(new RequeueOnError(containers));
        rabbit.setMessageConverter(new RawBodyConverter(
                new org.apache.camel.component.springrabbit.DefaultMessageConverter(context)));
        WorkerTypes workerTypes = new WorkerTypes(context, routeFiles);
        WorkerGroups groups = new WorkerGroups(new WorkerGroupStore(store), new WorkerRoutes(context, containers),
                workerTypes, containers, queueAdmin::mayExist, targetPolicy);
        JobStore jobStore = new JobStore(store, jobsTracking);
        context.getRegistry().bind("jobStore", JobStore.class, jobStore);
        context.getRegistry().bind("storeShutdown", StoreShutdown.class, new StoreShutdown(jobStore, store), null, "close");
        // a publish waits for the store about as long as for a connection, and never longer than for the broker
        Jobs jobs = new Jobs(jobStore, publisher, Duration.ofMillis(confirmTimeoutMs * 2),
                Duration.ofMillis(Math.min(confirmTimeoutMs, 2 * storeConnectionTimeoutMs)));
        JobCleanup cleanup = new JobCleanup(jobStore, Duration.parse(jobsRetention), Duration.parse(jobsFailedRetention));
        context.getRegistry().bind("jobCleanup", JobCleanup.class, cleanup, null, "close");
        cleanup.start(Duration.ofMillis(jobsCleanupIntervalMs));
        context.getRegistry().bind("worker", new DeliverySteps(groups, publisher, delays, jobStore,
                optional(context, "warren.delivery.signing-secret").map(WebhookSignature::new), metrics, gate,
                targetPolicy, scraperAllowPort));
        ConsumerWatch watch = new ConsumerWatch(groups, containers, Duration.ofMillis(consumerGraceMs), Clock.systemUTC());
        Operations.readinessChecks(context, connectionFactory, store, watch, gate);
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
        dev.warren.ops.InfoPage.install(context, "/observe/info");
        context.getRegistry().bind("openApiDocument", new OpenApiDocument());
        JobReconciler reconciler = new JobReconciler(jobStore, queueViews::holdsNoMessage,
                Duration.ofMillis(jobsReconcileIntervalMs));
        context.getRegistry().bind("jobReconciler", JobReconciler.class, reconciler, null, "close");
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                // worker types first: restoring a group makes its route from its type's template
                try {
                    routeFiles.scan();
                    groups.restore();
                } finally {
                    // the API answers 503 until here: before, it would not know the groups
                    gate.started();
                }
                routeFiles.onTemplatesChanged(groups::reinstantiate);
                reconciler.start(Duration.ofMillis(jobsReconcileIntervalMs));
                routeFiles.watch(routesReloadIntervalMs);
                sampler.start(Duration.ofMillis(queueRefreshMs));
            }
        });

        // deliveries while the job store is unreachable: worker consumers pause until it answers again
        context.getRegistry().lookupByNameAndType("worker", dev.warren.delivery.DeliverySteps.class)
                .pauseOnStoreOutage(new dev.warren.delivery.StoreOutagePause(context, store::isUp, Duration.ofSeconds(1)));
    }

    /** A property that may be absent or empty (@PropertyInject cannot default to an empty value). */
    private static Optional<String> optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).filter(value -> !value.isBlank());
    }
}
