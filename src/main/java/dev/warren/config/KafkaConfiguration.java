package dev.warren.config;

import dev.warren.api.ApiBeans;
import dev.warren.api.KafkaApi;
import dev.warren.kafka.Kafka;
import dev.warren.kafka.KafkaDelivery;
import dev.warren.kafka.KafkaGate;
import dev.warren.kafka.KafkaNames;
import dev.warren.kafka.KafkaJobRedelivery;
import dev.warren.jobs.Jobs;
import dev.warren.jobs.JobStore;
import dev.warren.delivery.WebhookSignature;
import dev.warren.kafka.KafkaSettings;
import dev.warren.kafka.KafkaStepRoutes;
import dev.warren.kafka.KafkaSteps;
import dev.warren.kafka.KafkaWorkerGroupStore;
import dev.warren.kafka.KafkaWorkerGroups;
import dev.warren.ops.ReadinessCheck;
import dev.warren.ops.WarrenMetrics;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Wires Kafka when warren.kafka.bootstrap-servers is set: its clients (closed with Camel), a readiness check, and the
 * API's Kafka bean. Without it no Kafka client is made and the Kafka endpoints answer 404.
 */
final class KafkaConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfiguration.class);

    private final long pullWaitMs;

    private final Optional<WebhookSignature> signature;

    KafkaConfiguration(Settings settings) {
        pullWaitMs = settings.number("warren.kafka.pull-wait-ms", 0);
        signature = WorkerConfiguration.signature(settings);
    }

    Optional<Kafka> kafka(CamelContext context) throws Exception {
        Optional<KafkaSettings> settings;
        try {
            settings = KafkaSettings.from(key -> WarrenConfiguration.optional(context, key));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Kafka settings: " + e.getMessage(), null);
        }
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        Kafka kafka = new Kafka(settings.get(), pullWaitMs);
        Background.stopWithCamel(context, "kafka-clients", kafka);
        HealthCheckRegistry.get(context).register(new ReadinessCheck("warren-kafka", kafka::problem));
        LOG.info("Kafka at {} ({})", settings.get().bootstrapServers(), settings.get());
        return Optional.of(kafka);
    }

    /**
     * The worker groups on Kafka topics, delivering through camel-http with the target policy of queue groups, kept in
     * the store, each message a job; on several instances each runs its share of a group's consumers. Their circuit
     * breakers, slow-downs and rate limits are the queue groups' ones, under the name "kafka:{topic}".
     */
    Optional<KafkaWorkerGroups> workerGroups(CamelContext context, Optional<Kafka> kafka, WarrenMetrics metrics,
                                             WorkerConfiguration.Workers workers, Store store, JobStore jobs,
                                             WorkerConfiguration.Gates gates) {
        KafkaSteps steps = new KafkaSteps(signature);
        return kafka.map(cluster -> {
            KafkaDelivery delivery = new KafkaDelivery(context.createProducerTemplate(), cluster.publisher(), metrics,
                    jobs, steps);
            KafkaWorkerGroups groups = new KafkaWorkerGroups(context, cluster.settings(), cluster.topics(), delivery,
                    new KafkaWorkerGroupStore(store), workers.workerTypes(), new KafkaStepRoutes(context),
                    workers.targetPolicy()::urlViolation, workers.groups()::localShare);
            gates.configs().alsoFrom(KafkaNames.QUEUE_PREFIX, groups::config);
            groups.whenRemoved(gates::forget);
            delivery.gateWith(new KafkaGate(gates.targets(), gates.limits(), gates.configs()));
            return groups;
        });
    }

    /** Lets a retry of a Kafka worker group's job (POST /api/jobs/{id}/retry) publish its record to the topic again. */
    void retries(Jobs jobs, Optional<Kafka> kafka, Optional<KafkaWorkerGroups> groups) {
        kafka.ifPresent(cluster -> jobs.redeliverElsewhere(
                new KafkaJobRedelivery(cluster.topics(), cluster.publisher(), groups.orElseThrow())));
    }

    void api(CamelContext context, Optional<Kafka> kafka, Optional<KafkaWorkerGroups> groups, WarrenMetrics metrics) {
        context.getRegistry().bind(ApiBeans.KAFKA_API, new KafkaApi(kafka, groups, metrics));
    }
}
