package dev.warren.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;

import java.util.Collection;
import java.util.List;

/**
 * Gives camel-http's http and https components a connection manager whose DNS resolver applies the target policy:
 * every delivery, whatever endpoint it goes through, connects only to addresses the policy allows; and cuts the calls
 * under way (see {@link CuttableConnections}) through both.
 */
public final class TargetConnections {

    /** Pooled connections per target host: a cap, not an allocation, so that no group's concurrency is throttled. */
    static final int MAX_PER_ROUTE = 500;
    /** Pooled connections in all: every group shares the pool of its endpoint. */
    static final int MAX_TOTAL = 20 * MAX_PER_ROUTE;

    private final List<CuttableConnections> managers;

    private TargetConnections(List<CuttableConnections> managers) {
        this.managers = managers;
    }

    public static TargetConnections install(CamelContext context, TargetPolicy policy) {
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
        return new TargetConnections(managers);
    }

    /** Cuts every call under way, and those that would start after (warren's shutdown timeout has passed). */
    public void cutAll() {
        managers.forEach(CuttableConnections::cut);
    }

    /** Cuts the calls of these threads (a worker group's consumers), and those they would start after. */
    public void cut(Collection<Thread> threads) {
        managers.forEach(manager -> manager.cut(threads));
    }

    /** Whether the thread's calls are cut: a call of its that failed was ended by warren, not by its target. */
    public boolean isCut(Thread thread) {
        return managers.stream().anyMatch(manager -> manager.isCut(thread));
    }
}
