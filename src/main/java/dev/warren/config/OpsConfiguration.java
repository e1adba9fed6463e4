package dev.warren.config;

import dev.warren.broker.QueueViews;
import dev.warren.ops.ApiRoutesOutOfJmx;
import dev.warren.ops.BrokerSampler;
import dev.warren.ops.ConsumerWatch;
import dev.warren.ops.Operations;
import dev.warren.ops.ShutdownGate;
import dev.warren.ops.WarrenMetrics;
import dev.warren.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.time.Clock;
import java.time.Duration;

/** Wires metrics, the start-up and shutdown gate, Jolokia, readiness and the broker sampler. */
final class OpsConfiguration {

    /** What the other features report to and wait for. */
    record Observability(MeterRegistry meterRegistry, WarrenMetrics metrics, ShutdownGate gate) {
    }

    private final long queueRefreshMs;
    private final long consumerGraceMs;
    private final String jolokiaPolicyLocation;
    private final boolean apiRoutesInJmx;

    OpsConfiguration(Settings settings) {
        queueRefreshMs = settings.number("warren.metrics.queue-refresh-ms", 1);
        consumerGraceMs = settings.number("warren.health.consumer-grace-ms", 0);
        jolokiaPolicyLocation = settings.text("warren.jolokia.policy-location");
        apiRoutesInJmx = settings.flag("warren.jmx.api-routes");
    }

    Observability observability(CamelContext context) throws Exception {
        MeterRegistry meterRegistry = Operations.meterRegistry(context);
        WarrenMetrics metrics = new WarrenMetrics(meterRegistry);
        ShutdownGate gate = Operations.shutdownGate(context);
        if (!apiRoutesInJmx) {
            ApiRoutesOutOfJmx.install(context);
        }
        Operations.jolokia(context, jolokiaPolicyLocation, WarrenConfiguration.optional(context, "warren.jolokia.allowed-origins")
                .map(list -> java.util.Arrays.stream(list.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList())
                .orElse(java.util.List.of()));
        return new Observability(meterRegistry, metrics, gate);
    }

    BrokerSampler health(CamelContext context, Observability ops, CachingConnectionFactory connectionFactory, Store store,
                         WorkerConfiguration.Workers workers, QueueViews queueViews) throws Exception {
        ConsumerWatch watch = new ConsumerWatch(workers.groups(), workers.containers(), Duration.ofMillis(consumerGraceMs),
                Clock.systemUTC());
        Operations.readinessChecks(context, connectionFactory, store, watch, ops.gate());
        BrokerSampler sampler = new BrokerSampler(ops.meterRegistry(), queueViews, workers.groups(), watch);
        context.getRegistry().bind(Beans.BROKER_SAMPLER, BrokerSampler.class, sampler);
        Background.stopWithCamel(context, Beans.BROKER_SAMPLER, sampler);
        return sampler;
    }

    void startSampler(CamelContext context, BrokerSampler sampler) {
        sampler.start(Background.thread(context, "warren-broker-sampler"), Duration.ofMillis(queueRefreshMs));
    }
}
