package dev.warren.config;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.util.concurrent.ScheduledExecutorService;

/**
 * warren's background work on Camel's own mechanisms: each job gets a named single thread from the
 * ExecutorServiceManager (shown in JMX with Camel's thread pools), and whatever owns it stops as a Camel service.
 * Camel stops its services after the routes and in the reverse order they were added, and only then shuts its thread
 * pools down: the job store, added first, commits its last writes after every scheduled job that writes to it has
 * stopped, and before its writer's thread goes.
 */
final class Background {

    private Background() {
    }

    /** A single thread of its own, named for what runs on it. */
    static ScheduledExecutorService thread(CamelContext context, String name) {
        return context.getExecutorServiceManager().newSingleThreadScheduledExecutor(name, name);
    }

    /** Closes this when Camel stops: after the routes, before what was handed over earlier, before the thread pools. */
    static void stopWithCamel(CamelContext context, String name, AutoCloseable owner) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                owner.close();
            }

            @Override
            public String toString() {
                return name;
            }
        }, true, true);
    }
}
