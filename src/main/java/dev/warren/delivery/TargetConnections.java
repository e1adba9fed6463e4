package dev.warren.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;

import java.util.List;

/**
 * Gives camel-http's http and https components a connection manager whose DNS resolver applies the target policy:
 * every delivery, whatever endpoint it goes through, connects only to addresses the policy allows.
 */
public final class TargetConnections {

    /** Pooled connections per target host: a cap, not an allocation, so that no group's concurrency is throttled. */
    static final int MAX_PER_ROUTE = 500;
    /** Pooled connections in all: every group shares the pool of its endpoint. */
    static final int MAX_TOTAL = 20 * MAX_PER_ROUTE;

    private TargetConnections() {
    }

    /** @return cuts every call under way through either component (see {@link CuttableConnections#cut}) */
    public static Runnable install(CamelContext context, TargetPolicy policy) {
        List<CuttableConnections> managers = List.of("http", "https").stream().map(scheme -> {
            CuttableConnections manager = new CuttableConnections(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new GuardedDnsResolver(policy))
                    // the builder's default, made when first needed
                    .setTlsSocketStrategy(new LazyTlsStrategy(DefaultClientTlsStrategy::createDefault))
                    .setMaxConnTotal(MAX_TOTAL)
                    .setMaxConnPerRoute(MAX_PER_ROUTE)
                    .build());
            context.getComponent(scheme, HttpComponent.class).setClientConnectionManager(manager);
            return manager;
        }).toList();
        return () -> managers.forEach(CuttableConnections::cut);
    }
}
