package dev.warren.routes;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.warren.routes.RoutesFixtures.awaitDrained;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.routes.RoutesFixtures.groupOf;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JMX (Hawtio) user sees each worker group's route, worker-{queue}, with its statistics, and the worker types' templates. */
class WorkerRouteJmxIT extends WarrenOnRouteCopy {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    /** The route MBeans whose name is this route id (org.apache.camel:context=...,type=routes,name="..."). */
    private static List<ObjectName> routeMBeans(String routeId) throws Exception {
        Set<ObjectName> names = JMX.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        List<ObjectName> matching = new ArrayList<>();
        for (ObjectName name : names) {
            String value = name.getKeyProperty("name");
            if (value != null && routeId.equals(value.startsWith("\"") ? ObjectName.unquote(value) : value)) {
                matching.add(name);
            }
        }
        return matching;
    }

    private static long completed(ObjectName route) throws Exception {
        return ((Number) JMX.getAttribute(route, "ExchangesCompleted")).longValue();
    }

    @Test
    void aGroupsRouteIsAnMBeanWhoseCompletedExchangesGrowWithDeliveries() throws Exception {
        String queue = declaredQueue(warren, "jmx");
        String routeId = "worker-" + queue;
        try {
            assertEquals(List.of(), routeMBeans(routeId), "no MBean before the group");
            putGroup(warren, queue, groupOf("log", 2, null));
            await("the MBean of route " + routeId).atMost(Duration.ofSeconds(5)).until(() -> routeMBeans(routeId).size() == 1);
            ObjectName route = routeMBeans(routeId).get(0);
            assertEquals(routeId, JMX.getAttribute(route, "RouteId"), route.toString());
            assertEquals("Started", JMX.getAttribute(route, "State"), route.toString());
            assertEquals(Boolean.TRUE, JMX.getAttribute(route, "CreatedByRouteTemplate"), "made from the log template");
            long before = completed(route);

            publishBatch(warren, queue, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3), Map.of("n", 4), Map.of("n", 5)));
            awaitDrained(warren, queue, Duration.ofSeconds(10));
            await("ExchangesCompleted grows by 5").atMost(Duration.ofSeconds(5)).until(() -> completed(route) == before + 5);
            assertEquals(0L, ((Number) JMX.getAttribute(route, "ExchangesFailed")).longValue(), route.toString());

            publishBatch(warren, queue, List.of(Map.of("n", 6), Map.of("n", 7)));
            await("ExchangesCompleted grows by 2 more").atMost(Duration.ofSeconds(10)).until(() -> completed(route) == before + 7);
            assertEquals(7, group(warren, queue).path("succeeded").asLong(), "the API and JMX agree");

            ObjectName context = new ObjectName("org.apache.camel:context=" + route.getKeyProperty("context") + ",type=context,*");
            Set<ObjectName> contexts = JMX.queryNames(context, null);
            assertEquals(1, contexts.size(), "warren's CamelContext MBean: " + contexts);
            String templates = (String) JMX.invoke(contexts.iterator().next(), "dumpRouteTemplatesAsXml", null, null);
            for (String type : List.of("http", "log", "scraper")) {
                assertTrue(templates.contains("id=\"" + type + "\""), "the template of " + type + " is visible: " + templates);
            }
        } finally {
            deleteQueue(warren, queue);
        }
        await("the MBean goes with the group").atMost(Duration.ofSeconds(5)).until(() -> routeMBeans(routeId).isEmpty());
    }
}
