package dev.warren.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.management.JmxManagementLifecycleStrategy;
import org.apache.camel.management.JmxManagementStrategyFactory;

import java.util.Set;

/**
 * Camel's JMX registration without the REST API's plumbing: the routes the REST DSL made (one per API operation),
 * their consumers and their rest and platform-http endpoints get no MBean; worker, delivery and every other route do.
 */
public final class ApiRoutesOutOfJmx extends JmxManagementLifecycleStrategy {

    /** The endpoints of the REST DSL's routes: what they listen on (camel.rest.component) and the rest layer. */
    private static final Set<String> API_SCHEMES = Set.of("rest", "rest-api", "platform-http");

    private ApiRoutesOutOfJmx(CamelContext context) {
        super(context);
    }

    /**
     * Takes the place of Camel's own registration before the context starts (what that one had queued is handed
     * over, as Camel does when it replaces one); nothing when JMX is off.
     */
    public static void install(CamelContext context) {
        if (context.getLifecycleStrategies().stream().anyMatch(JmxManagementLifecycleStrategy.class::isInstance)) {
            new JmxManagementStrategyFactory().setupManagement(context, context.getManagementStrategy(),
                    new ApiRoutesOutOfJmx(context));
        }
    }

    @Override
    protected boolean shouldRegister(Object service, Route route) {
        if (route != null && route.isCreatedByRestDsl()) {
            return false;
        }
        if (service instanceof Endpoint endpoint && isApiEndpoint(endpoint)) {
            return false;
        }
        return super.shouldRegister(service, route);
    }

    private static boolean isApiEndpoint(Endpoint endpoint) {
        String uri = endpoint.getEndpointUri();
        int colon = uri.indexOf(':');
        return colon > 0 && API_SCHEMES.contains(uri.substring(0, colon));
    }
}
