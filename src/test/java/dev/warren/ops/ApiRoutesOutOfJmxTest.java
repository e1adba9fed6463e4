package dev.warren.ops;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.management.JmxManagementLifecycleStrategy;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** It replaces Camel's registration only where JMX is on, and routes the REST DSL did not make still get their MBean. */
class ApiRoutesOutOfJmxTest {

    private static List<Object> jmxStrategies(DefaultCamelContext context) {
        return context.getLifecycleStrategies().stream().filter(JmxManagementLifecycleStrategy.class::isInstance)
                .map(Object.class::cast).toList();
    }

    @Test
    void takesThePlaceOfCamelsRegistrationAndStillRegistersRoutesTheRestDslDidNotMake() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("api-routes-out-of-jmx-test");
            ApiRoutesOutOfJmx.install(context);
            List<Object> strategies = jmxStrategies(context);
            assertEquals(1, strategies.size(), strategies.toString());
            assertInstanceOf(ApiRoutesOutOfJmx.class, strategies.get(0));

            // a lambda, not a RouteBuilder subclass: warren's package scan would pick one up in every integration test
            RouteBuilder.addRoutes(context, routes -> routes.from("direct:plain").routeId("plain").log("x"));
            context.start();
            ObjectName route = new ObjectName("org.apache.camel:context=api-routes-out-of-jmx-test,type=routes,name=\"plain\"");
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(route), "a route that is not the REST DSL's");
        }
    }

    @Test
    void leavesAContextWithoutJmxAsItIs() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.disableJMX();
            ApiRoutesOutOfJmx.install(context);
            assertEquals(List.of(), jmxStrategies(context));
        }
    }
}
