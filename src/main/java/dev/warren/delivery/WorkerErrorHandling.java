package dev.warren.delivery;

import dev.warren.common.DeliveryCutException;
import dev.warren.workers.WorkerRoutes;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error handling of the worker routes: a delivery warren cut is expected, and gives its task back with one WARN line
 * (see {@link dev.warren.ops.RequeueOnError}) rather than Camel's ERROR with message history; any other failure is
 * logged by Camel's error handler as before.
 */
public class WorkerErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration(WorkerRoutes.ERROR_HANDLING).onException(DeliveryCutException.class).handled(false)
                .logExhausted(false).logStackTrace(false);
    }
}
