package dev.warren.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /observe/jolokia, as Hawtio uses it: worker routes readable and controllable, the rest of the JVM read-only, the API's
 * plumbing (its routes, consumers and endpoints) not registered.
 */
class JolokiaIT extends WarrenPerClass {

    @Test
    void aWorkerRoutesStatisticsAreReadOverHttp() {
        String queue = declaredQueue(warren, "jolokia-read");
        try {
            putGroup(warren, queue, Map.of("count", 1, "type", "log"));
            for (int i = 0; i < 3; i++) {
                publish(warren, queue, Map.of("n", i));
            }
            String mbean = routeMBean(queue);
            await("3 exchanges completed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> jolokia(Map.of("type", "read", "mbean", mbean, "attribute", "ExchangesCompleted"))
                            .path("value").asLong() == 3);
            JsonNode stats = jolokia(Map.of("type", "read", "mbean", mbean));
            assertEquals(200, stats.path("status").asInt(), stats.toString());
            assertEquals("worker-" + queue, stats.path("value").path("RouteId").asText(), stats.toString());
            assertEquals("Started", stats.path("value").path("State").asText(), stats.toString());
            assertEquals(0, stats.path("value").path("ExchangesFailed").asLong(), stats.toString());
            assertTrue(stats.path("value").has("MeanProcessingTime"), stats.toString());

            Http.Response viaGet = warren.http.get("/observe/jolokia/read/" + mbean.replace("\"", "%22") + "/ExchangesTotal");
            assertEquals(3, viaGet.json().path("value").asLong(), viaGet.body());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void routeOperationsAreAllowedAndOtherOperationsRefused() {
        String queue = declaredQueue(warren, "jolokia-exec");
        try {
            putGroup(warren, queue, Map.of("count", 1, "type", "log"));
            String mbean = routeMBean(queue);
            JsonNode stop = jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "stop()"));
            assertEquals(200, stop.path("status").asInt(), stop.toString());
            await("the broker loses the consumer").atMost(Duration.ofSeconds(10)).until(() -> TestBroker.get().consumers(queue) == 0);
            JsonNode start = jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "start()"));
            assertEquals(200, start.path("status").asInt(), start.toString());
            await("consuming again").atMost(Duration.ofSeconds(10)).until(() -> TestBroker.get().consumers(queue) == 1);
            JsonNode dump = jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "dumpRouteStatsAsXml(boolean,boolean)",
                    "arguments", java.util.List.of(false, false)));
            assertEquals(200, dump.path("status").asInt(), dump.toString());

            assertForbidden(jolokia(Map.of("type", "exec", "mbean", mbean, "operation", "remove()")));
            assertForbidden(jolokia(Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc")));
            assertForbidden(jolokia(Map.of("type", "write", "mbean", mbean, "attribute", "TracingPattern", "value", "x")));
            assertForbidden(jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "SystemProperties")));
            JsonNode uptime = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "Uptime"));
            assertEquals(200, uptime.path("status").asInt(), "other attributes stay readable: " + uptime);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void theProcessIdHostNameAndDirectoriesCannotBeRead() {
        for (String[] denied : new String[][] {
                {"java.lang:type=Runtime", "Pid"},
                {"java.lang:type=Runtime", "ClassPath"},
                {"java.lang:type=Runtime", "LibraryPath"},
                {"java.lang:type=Runtime", "InputArguments"},
                {"JMImplementation:type=MBeanServerDelegate", "MBeanServerId"},
                {"com.sun.management:type=HotSpotDiagnostic", "DiagnosticOptions"},
                {"jdk.management.jfr:type=FlightRecorder", "Recordings"},
                {"org.apache.camel:context=warren,type=services,name=MainHttpServer", "FileUploadDirectory"}}) {
            assertForbidden(jolokia(Map.of("type", "read", "mbean", denied[0], "attribute", denied[1])));
        }
        JsonNode version = jolokia(Map.of("type", "read", "mbean", "JMImplementation:type=MBeanServerDelegate",
                "attribute", "ImplementationVersion"));
        assertEquals(200, version.path("status").asInt(), "the delegate's other attributes stay readable: " + version);
        JsonNode port = jolokia(Map.of("type", "read", "mbean", "org.apache.camel:context=warren,type=services,name=MainHttpServer",
                "attribute", "Port"));
        assertEquals(200, port.path("status").asInt(), "the server's other attributes stay readable: " + port);
    }

    @Test
    void aReadOfAllAttributesAnswersTheAllowedOnesAndLeavesOutTheDenied() throws Exception {
        JsonNode runtime = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime"));
        assertEquals(200, runtime.path("status").asInt(), runtime.toString());
        assertTrue(runtime.path("value").has("VmName") && runtime.path("value").has("Uptime"), runtime.toString());
        for (String denied : List.of("Pid", "Name", "SystemProperties", "InputArguments", "ClassPath", "BootClassPath", "LibraryPath")) {
            assertFalse(runtime.path("value").has(denied), denied + " in " + runtime);
        }
        assertRevealsNeitherProcessNorHost(runtime.toString());
        assertFalse(runtime.toString().matches("(?s).*(?<![0-9.])" + ProcessHandle.current().pid() + "(?![0-9]).*"),
                "the process id: " + runtime);

        Http.Response viaGet = warren.http.get("/observe/jolokia/read/java.lang:type=Runtime");
        assertEquals(200, viaGet.json().path("status").asInt(), "as Hawtio's Runtime page reads it: " + viaGet.body());
        assertFalse(viaGet.json().path("value").has("Pid"), viaGet.body());
        assertRevealsNeitherProcessNorHost(viaGet.body());
        JsonNode emptyList = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", List.of()));
        assertEquals(200, emptyList.path("status").asInt(), "an empty list is a read of all to Jolokia: " + emptyList);
        assertTrue(emptyList.path("value").has("VmName") && !emptyList.path("value").has("Pid"), emptyList.toString());
        JsonNode ignoringErrors = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "config", Map.of("ignoreErrors", true)));
        assertEquals(200, ignoringErrors.path("status").asInt(), ignoringErrors.toString());
        assertFalse(ignoringErrors.path("value").has("Pid") || ignoringErrors.toString().contains("forbidden"),
                "not even an error in its place: " + ignoringErrors);

        for (String[] mbean : new String[][] {
                {"JMImplementation:type=MBeanServerDelegate", "MBeanServerId", "ImplementationVersion"},
                {"com.sun.management:type=HotSpotDiagnostic", "DiagnosticOptions", "ObjectName"},
                {"jdk.management.jfr:type=FlightRecorder", "Recordings", "Configurations"},
                {"org.apache.camel:context=warren,type=services,name=MainHttpServer", "FileUploadDirectory", "Port"}}) {
            JsonNode all = jolokia(Map.of("type", "read", "mbean", mbean[0]));
            assertEquals(200, all.path("status").asInt(), mbean[0] + ": " + all);
            assertFalse(all.path("value").has(mbean[1]), mbean[1] + " in " + all);
            assertTrue(all.path("value").has(mbean[2]), "the others stay: " + all);
            assertRevealsNeitherProcessNorHost(all.toString());
        }

        assertForbidden(jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "Pid")));
        assertForbidden(jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", List.of("Uptime", "Pid"))));
        assertEquals(403, warren.http.get("/observe/jolokia/read/java.lang:type=Runtime/Pid").json().path("status").asInt());
    }

    @Test
    void patternBulkAndListReadsRevealNoDeniedAttribute() throws Exception {
        for (String pattern : List.of("java.lang:*", "JMImplementation:*", "org.apache.camel:type=services,*")) {
            JsonNode all = jolokia(Map.of("type", "read", "mbean", pattern));
            assertEquals(200, all.path("status").asInt(), pattern + ": " + all);
            assertRevealsNeitherProcessNorHost(all.toString());
            all.path("value").forEach(attributes -> {
                for (String denied : List.of("Pid", "SystemProperties", "MBeanServerId", "FileUploadDirectory")) {
                    assertFalse(attributes.has(denied), denied + " in " + pattern + ": " + all);
                }
            });
            if (pattern.startsWith("java.lang")) {
                JsonNode runtime = all.path("value").path("java.lang:type=Runtime");
                assertTrue(runtime.has("VmName") && !runtime.has("Name"), "the Runtime MBean without its Name: " + runtime);
            }
        }
        Http.Response bulk = warren.http.post("/observe/jolokia/", "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"},"
                + "{\"type\":\"read\",\"mbean\":\"JMImplementation:type=MBeanServerDelegate\"},"
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Pid\"},"
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}]");
        assertEquals(200, bulk.status(), bulk.body());
        JsonNode answers = parse(bulk.body());
        assertEquals(List.of(200, 200, 403, 200), List.of(answers.get(0).path("status").asInt(), answers.get(1).path("status").asInt(),
                answers.get(2).path("status").asInt(), answers.get(3).path("status").asInt()), bulk.body());
        assertRevealsNeitherProcessNorHost(bulk.body());

        JsonNode list = jolokia(Map.of("type", "list", "path", "java.lang/type=Runtime"));
        assertEquals(200, list.path("status").asInt(), list.toString());
        assertRevealsNeitherProcessNorHost(list.toString());
    }

    /** Fails when this answer holds the process id with the host name, the MBean server's id or the host name as a value. */
    private static void assertRevealsNeitherProcessNorHost(String body) throws Exception {
        String pidAtHost = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        String serverId = String.valueOf(java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                new javax.management.ObjectName("JMImplementation:type=MBeanServerDelegate"), "MBeanServerId"));
        String host = java.net.InetAddress.getLocalHost().getHostName();
        for (String revealing : List.of(pidAtHost, serverId, "@" + host, "\"" + host + "\"", "\"" + host + "_")) {
            assertFalse(body.contains(revealing), "'" + revealing + "' in " + body);
        }
    }

    @Test
    void aWorkerGroupsRouteIsAnMBeanAndTheApisRoutesConsumersAndEndpointsAreNot() {
        String queue = declaredQueue(warren, "jolokia-names");
        try {
            putGroup(warren, queue, Map.of("count", 1, "type", "log"));
            String routes = search("org.apache.camel:type=routes,*");
            assertTrue(routes.contains("worker-" + queue), routes);
            assertFalse(routes.contains("api-") || routes.contains("compat-"), "no route of the API: " + routes);
            assertFalse(routes.matches(".*name=\\\\\"route\\d+.*"), "every route has an id: " + routes);

            String endpoints = search("org.apache.camel:type=endpoints,*");
            assertTrue(endpoints.contains("spring-rabbitmq:"), "the worker route's endpoints: " + endpoints);
            assertFalse(endpoints.contains("platform-http:") || endpoints.contains("rest:") || endpoints.contains("rest-api:"),
                    "none of the API's: " + endpoints);
            assertFalse(search("org.apache.camel:type=consumers,*").contains("PlatformHttpConsumer"), "no consumer of the API");
            assertEquals(200, jolokia(Map.of("type", "read", "mbean", "org.apache.camel:context=warren,type=components,name=\"platform-http\"",
                    "attribute", "State")).path("status").asInt(), "components stay");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    /** The names of the MBeans matching this pattern, as one string. */
    private static String search(String pattern) {
        JsonNode found = jolokia(Map.of("type", "search", "mbean", pattern));
        assertEquals(200, found.path("status").asInt(), found.toString());
        return found.path("value").toString();
    }

    private static String routeMBean(String queue) {
        return "org.apache.camel:context=warren,type=routes,name=\"worker-" + queue + "\"";
    }

    private static JsonNode jolokia(Map<String, Object> request) {
        Http.Response response = warren.http.post("/observe/jolokia/", Http.json(request));
        assertEquals(200, response.status(), "Jolokia answers in its body: " + response.body());
        return response.json() != null ? response.json() : parse(response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static void assertForbidden(JsonNode answer) {
        assertEquals(403, answer.path("status").asInt(), answer.toString());
    }
}
