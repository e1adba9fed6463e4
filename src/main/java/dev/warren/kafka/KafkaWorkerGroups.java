package dev.warren.kafka;

import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import dev.warren.workers.RetryPolicy;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupSpec;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Worker groups on Kafka topics: one route `kafka-worker-{topic}` per group, consuming with camel-kafka in the consumer
 * group warren-workers.{topic}, count consumers (Kafka gives each at most one partition's worth: more stay idle),
 * offsets committed by hand once {@link KafkaDelivery} settled a record. The endpoint is built from fixed text and the
 * validated topic; every other setting is set on its configuration object, never through URI text.
 */
public final class KafkaWorkerGroups {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWorkerGroups.class);
    public static final String TYPE = "http";

    /** A group as configured, and whether it is being stopped (a record waiting for a retry then gives up its wait). */
    private static final class Group {
        final WorkerGroupSpec spec;
        final Target target;
        final RetryPolicy retry;
        volatile boolean stopping;

        Group(WorkerGroupSpec spec) {
            this.spec = spec;
            this.target = spec.target().withDefaults();
            this.retry = (spec.retry() != null ? spec.retry() : RetryPolicy.DEFAULT).withDefaults();
        }
    }

    private final CamelContext context;
    private final KafkaSettings settings;
    private final KafkaTopics topics;
    private final KafkaDelivery delivery;
    private final Function<String, Optional<String>> targetUrlViolation;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    public KafkaWorkerGroups(CamelContext context, KafkaSettings settings, KafkaTopics topics, KafkaDelivery delivery,
                             Function<String, Optional<String>> targetUrlViolation) {
        this.context = context;
        this.settings = settings;
        this.topics = topics;
        this.delivery = delivery;
        this.targetUrlViolation = targetUrlViolation;
    }

    public static String routeId(String topic) {
        return "kafka-worker-" + topic;
    }

    /** Creates or replaces the topic's group: 400 for a spec it cannot run, 404 without the topic. */
    public synchronized KafkaWorkerGroupView put(String topic, WorkerGroupSpec spec) {
        List<FieldError> errors = new java.util.ArrayList<>(spec.errors());
        if (spec.type() != null && !TYPE.equals(spec.type())) {
            errors.add(new FieldError("type", "Kafka worker groups deliver over HTTP: the type is " + TYPE));
        }
        if (spec.target() == null) {
            errors.add(new FieldError("target", "is required: the HTTP endpoint messages are delivered to"));
        } else if (spec.target().url() != null) {
            targetUrlViolation.apply(spec.target().url()).ifPresent(why -> errors.add(new FieldError("target.url", why)));
        }
        if (spec.circuitBreaker() != null || spec.slowDown() != null || spec.autoscale() != null
                || spec.rateLimit() != null || spec.parameters() != null && !spec.parameters().isEmpty()) {
            errors.add(new FieldError("circuitBreaker", "circuitBreaker, slowDown, autoscale, rateLimit and parameters are"
                    + " not taken by Kafka worker groups"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        topics.require(topic);
        topics.ensure(KafkaNames.deadLetterTopic(topic));
        stopRoute(topic);
        Group group = new Group(spec);
        groups.put(topic, group);
        if (spec.count() > 0) {
            startRoute(topic, group);
        }
        LOG.info("Kafka worker group {}: {} consumer(s) to {}", topic, spec.count(), group.target.url());
        return view(topic, group);
    }

    public synchronized KafkaWorkerGroupView scale(String topic, int count) {
        if (count < 0 || count > WorkerGroupSpec.MAX_COUNT) {
            throw ProblemException.invalid("count", "must be between 0 and " + WorkerGroupSpec.MAX_COUNT);
        }
        Group old = require(topic);
        WorkerGroupSpec spec = old.spec;
        return put(topic, new WorkerGroupSpec(count, spec.type(), spec.prefetch(), spec.target(), spec.retry(),
                spec.parameters(), spec.circuitBreaker(), spec.slowDown(), null, null));
    }

    /** Stops the group's consumers (the record in hand is settled first, or delivered again later) and forgets it. */
    public synchronized void delete(String topic) {
        require(topic);
        stopRoute(topic);
        groups.remove(topic);
        LOG.info("Kafka worker group {} removed", topic);
    }

    public Optional<KafkaWorkerGroupView> find(String topic) {
        return Optional.ofNullable(groups.get(topic)).map(group -> view(topic, group));
    }

    private Group require(String topic) {
        Group group = groups.get(topic);
        if (group == null) {
            throw ProblemException.notFound("Kafka topic " + topic + " has no worker group");
        }
        return group;
    }

    private KafkaWorkerGroupView view(String topic, Group group) {
        int partitions = partitions(topic);
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId(topic));
        boolean running = status != null && status.isStarted();
        int count = group.spec.count();
        int consumers = running ? Math.min(count, partitions) : 0;
        String note = count > partitions ? "count " + count + " is over the topic's " + partitions + " partitions: "
                + (count - partitions) + " consumer(s) stay idle (Kafka gives a partition to one consumer of a group)" : null;
        return new KafkaWorkerGroupView(topic, TYPE, count, consumers, partitions, running ? "running" : "stopped",
                KafkaNames.workerGroup(topic), KafkaNames.deadLetterTopic(topic), group.target, group.retry, note);
    }

    private int partitions(String topic) {
        try {
            return topics.describe(topic).partitionCount();
        } catch (ProblemException e) {
            return 0;
        }
    }

    private void startRoute(String topic, Group group) {
        try {
            KafkaEndpoint endpoint = endpoint(topic, group);
            KafkaDelivery.Plan plan = new KafkaDelivery.Plan(topic, group.target, group.retry, () -> group.stopping);
            // a lambda, not a RouteBuilder subclass: Camel Main would find and instantiate one by package scanning
            RouteBuilder.addRoutes(context, routes -> routes.from(endpoint).routeId(routeId(topic))
                    .process(exchange -> delivery.deliver(exchange, plan)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the Kafka worker group of " + topic + ": " + e.getMessage(), e);
        }
    }

    private void stopRoute(String topic) {
        Group old = groups.get(topic);
        if (old != null) {
            old.stopping = true;
        }
        String id = routeId(topic);
        try {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the Kafka worker group of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The group's consumer endpoint: its topic checked by {@link KafkaNames}, its settings set as values. */
    private KafkaEndpoint endpoint(String topic, Group group) {
        if (KafkaNames.topicViolation(topic).isPresent()) {
            throw new IllegalArgumentException("not a Kafka topic name");
        }
        KafkaComponent component = context.getComponent("kafka", KafkaComponent.class);
        KafkaConfiguration configuration = component.getConfiguration().copy();
        configuration.setTopic(topic);
        configuration.setBrokers(settings.bootstrapServers());
        settings.clientSettings().forEach((name, value) -> clientSetting(configuration, name, value));
        configuration.setGroupId(KafkaNames.workerGroup(topic));
        configuration.setConsumersCount(group.spec.count());
        configuration.setAutoCommitEnable(false);
        configuration.setAllowManualCommit(true);
        configuration.setAutoOffsetReset("earliest");
        configuration.setBreakOnFirstError(true);
        configuration.setMaxPollRecords(1);
        configuration.setMaxPollIntervalMs((int) KafkaDelivery.maxPollIntervalMs(group.retry, group.target));
        configuration.setKeyDeserializer("org.apache.kafka.common.serialization.ByteArrayDeserializer");
        configuration.setValueDeserializer("org.apache.kafka.common.serialization.ByteArrayDeserializer");
        KafkaEndpoint endpoint = new KafkaEndpoint("kafka:" + topic, component);
        endpoint.setConfiguration(configuration);
        return endpoint;
    }

    private static void clientSetting(KafkaConfiguration configuration, String name, String value) {
        switch (name) {
            case "security.protocol" -> configuration.setSecurityProtocol(value);
            case "sasl.mechanism" -> configuration.setSaslMechanism(value);
            case "sasl.jaas.config" -> configuration.setSaslJaasConfig(value);
            case "ssl.truststore.location" -> configuration.setSslTruststoreLocation(value);
            case "ssl.truststore.password" -> configuration.setSslTruststorePassword(value);
            case "ssl.truststore.type" -> configuration.setSslTruststoreType(value);
            case "ssl.keystore.location" -> configuration.setSslKeystoreLocation(value);
            case "ssl.keystore.password" -> configuration.setSslKeystorePassword(value);
            case "ssl.keystore.type" -> configuration.setSslKeystoreType(value);
            case "ssl.key.password" -> configuration.setSslKeyPassword(value);
            case "ssl.endpoint.identification.algorithm" -> configuration.setSslEndpointAlgorithm(value);
            default -> throw new IllegalArgumentException("unknown Kafka client setting " + name);
        }
    }
}
