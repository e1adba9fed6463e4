package dev.warren.ops;

import dev.warren.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.util.Optional;

/** Hooks warren's operations side into Camel: the metrics registry, readiness checks and the shutdown gate. */
public final class Operations {

    private Operations() {
    }

    /**
     * The registry Camel scrapes at /observe/metrics. camel-micrometer-prometheus adopts a registry bound under
     * its name and makes one only when there is none; making it here lets warren's meters exist from the start.
     */
    public static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class, registry);
        return registry;
    }

    /** /observe/jolokia without error details or stack traces; Camel's management server takes it by its id. */
    public static void jolokia(CamelContext context, String policyLocation, java.util.List<String> allowedOrigins) {
        context.getRegistry().bind(JolokiaEndpoint.NAME, JolokiaEndpoint.class, new JolokiaEndpoint(policyLocation, allowedOrigins));
    }

    /** The gate publishes check; it closes when Camel begins to stop, and SIGTERM begins that stop. */
    public static ShutdownGate shutdownGate(CamelContext context) throws Exception {
        ShutdownGate gate = new ShutdownGate();
        context.getManagementStrategy().addEventNotifier(gate);
        context.getRegistry().bind(ShutdownGate.BEAN, ShutdownGate.class, gate);
        TermSignal.install(context, gate);
        return gate;
    }

    /**
     * Readiness: worker groups are restored, the broker answers, the store answers, and no worker group has lost all
     * its consumers.
     */
    public static void readinessChecks(CamelContext context, CachingConnectionFactory broker, Store store,
                                       ConsumerWatch watch, ShutdownGate gate) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(new ReadinessCheck("warren-started", () -> gate.isStarted() ? Optional.empty()
                : Optional.of("warren is starting: worker groups are being restored")));
        registry.register(new ReadinessCheck("warren-broker", () -> Probes.broker(broker)));
        registry.register(new ReadinessCheck("warren-store", () -> Probes.store(store)));
        registry.register(ReadinessCheck.aboutQueues("warren-worker-groups", "worker groups without running consumers",
                watch::starved));
    }
}
