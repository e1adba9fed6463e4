package dev.warren.config;

import dev.warren.dashboard.Dashboard;
import dev.warren.jobs.JobReconciler;
import dev.warren.ops.BrokerSampler;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.StartupListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.util.Optional;

/**
 * Wires warren from application.properties, one feature configuration after the other in a fixed order (the order of
 * the registry binds is the reverse of the order Camel closes them in), and starts the background work once Camel runs.
 */
public class WarrenConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        // every setting is read and checked here, before any pool, connection or thread is made
        Settings settings = Settings.of(context);
        HttpConfiguration http = new HttpConfiguration(settings);
        BrokerConfiguration broker = new BrokerConfiguration(settings);
        StoreConfiguration storage = new StoreConfiguration(settings);
        OpsConfiguration operations = new OpsConfiguration(settings);
        WorkerConfiguration workerFeature = new WorkerConfiguration(settings);
        AuthConfiguration auth = new AuthConfiguration(settings);
        InstancesConfiguration instances = new InstancesConfiguration(settings);
        ApiConfiguration api = new ApiConfiguration();
        ScheduleConfiguration scheduleFeature = new ScheduleConfiguration(settings);
        DashboardConfiguration dashboardFeature = new DashboardConfiguration(settings);
        AutoscaleConfiguration autoscaleFeature = new AutoscaleConfiguration(settings);
        KafkaConfiguration kafkaFeature = new KafkaConfiguration(settings);

        io.vertx.core.Vertx vertx = http.vertx(context);
        CachingConnectionFactory connectionFactory = broker.connectionFactory(context, vertx);
        Store store = storage.store(context);
        OpsConfiguration.Observability ops = operations.observability(context);
        BrokerConfiguration.Broker rabbit = broker.broker(connectionFactory);
        WorkerConfiguration.Workers workers = workerFeature.workers(context, store, rabbit.queueAdmin());
        instances.instances(context, store, workers);
        StoreConfiguration.JobServices jobs = storage.jobs(context, store, rabbit.publisher(), broker.confirmTimeoutMs(),
                instances.turn("Job cleanup"));
        WorkerConfiguration.Gates gates = workerFeature.delivery(context, workers, rabbit.publisher(), rabbit.delays(),
                jobs.jobStore(), ops.metrics(), ops.gate(), store,
                queue -> rabbit.queueAdmin().restoreDeadLetterQueue(queue,
                        rabbit.queueViews().type(queue).orElse(rabbit.queueDefaults().type())));
        instances.shareGates(gates.targets());
        // a group given another target gets back at once the tasks its old target's gate held on the broker: all of
        // them by the instance the PUT came to; the ones an instance held before it heard of the change, by that instance
        java.util.concurrent.ExecutorService releases = context.getExecutorServiceManager()
                .newSingleThreadExecutor(this, "warren-held-releases");
        workers.groups().whenTargetChanged((queue, here) -> {
            if (here) {
                rabbit.heldTasks().release(queue, rabbit.queueViews().companions(queue));
            } else {
                // off the store-notification thread, which would not hear of other groups' changes meanwhile
                releases.execute(() -> rabbit.heldTasks().release(queue, java.util.List.of()));
            }
        });
        BrokerSampler sampler = operations.health(context, ops, connectionFactory, store, workers, rabbit.queueViews());
        dev.warren.publishing.TaskPublishing publishing = new dev.warren.publishing.TaskPublishing(rabbit.publisher(),
                rabbit.delays(), rabbit.queueAdmin(), jobs.jobs(), ops.metrics());
        dev.warren.schedules.Schedules schedules = scheduleFeature.schedules(store, publishing, rabbit.queueAdmin(),
                ops.metrics());
        java.util.function.BooleanSupplier scheduleTurn = instances.turn("Schedules");
        api.api(context, broker, rabbit, workers, jobs, publishing, schedules, ops.gate(),
                auth.auth(context, store, instances.turn("Audit cleanup")));
        java.util.Optional<dev.warren.kafka.Kafka> kafka = kafkaFeature.kafka(context);
        java.util.Optional<dev.warren.kafka.KafkaWorkerGroups> kafkaGroups = kafkaFeature.workerGroups(context, kafka,
                ops.metrics(), workers, store, jobs.jobStore(), gates);
        instances.kafkaGroups(kafkaGroups);
        kafkaFeature.retries(jobs.jobs(), kafka, kafkaGroups);
        kafkaFeature.api(context, kafka, kafkaGroups, ops.metrics());
        Dashboard dashboard = dashboardFeature.dashboard(context, rabbit.queueViews(), workers.groups(), ops.metrics());
        JobReconciler reconciler = storage.reconciler(context, jobs.jobStore(), rabbit.queueViews(),
                broker.confirmTimeoutMs());
        java.util.function.BooleanSupplier reconcilerTurn = instances.turn("Job reconciliation");
        dev.warren.autoscale.Autoscaler autoscaler = autoscaleFeature.autoscaler(workers.groups(), rabbit.queueAdmin(),
                rabbit.management(), ops.metrics());
        java.util.function.BooleanSupplier autoscaleTurn = instances.turn("Autoscaling");
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                // worker types first: restoring a group makes its route from its type's template
                try {
                    workers.routeFiles().scan();
                    instances.start(started);
                    workers.groups().restore();
                    kafkaGroups.ifPresent(dev.warren.kafka.KafkaWorkerGroups::restore);
                } finally {
                    // the API answers 503 until here: before, it would not know the groups
                    ops.gate().started();
                }
                workers.routeFiles().onTemplatesChanged(changed -> {
                    workers.groups().reinstantiate(changed);
                    kafkaGroups.ifPresent(groups -> groups.reinstantiate(changed));
                });
                instances.listen();
                storage.startReconciler(started, reconciler, reconcilerTurn);
                scheduleFeature.start(started, () -> schedules.tick(scheduleTurn));
                autoscaleFeature.start(started, autoscaler, autoscaleTurn, ops.gate());
                workers.routeFiles().watch(Background.thread(started, "warren-route-files"), workerFeature.routesReloadIntervalMs());
                operations.startSampler(started, sampler);
                dashboard.start();
            }
        });
    }

    /** A property that may be absent or empty (see Settings#optional). */
    static Optional<String> optional(CamelContext context, String key) {
        return Settings.of(context).optional(key);
    }
}
