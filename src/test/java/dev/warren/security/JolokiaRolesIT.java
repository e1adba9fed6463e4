package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.newKey;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Jolokia as Hawtio uses it (HTTP Basic with the key as the password): a viewer reads, only an admin controls routes. */
class JolokiaRolesIT extends WarrenPerClass {

    private static String routeMBean(String queue) {
        return "org.apache.camel:context=warren,type=routes,name=\"worker-" + queue + "\"";
    }

    private static JsonNode json(Http.Response response) {
        try {
            return response.json() != null ? response.json() : new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static String state(String mbean) {
        return json(warren.http.post("/observe/jolokia/", Http.json(Map.of("type", "read", "mbean", mbean, "attribute", "State"))))
                .path("value").asText();
    }

    @Test
    void aViewerReadsRouteStatisticsButCannotStopARoute() {
        String queue = declaredQueue(warren, "jolokia-viewer");
        Http viewer = warren.http.withBasicKey(newKey(warren, "viewer"));
        try {
            putGroup(warren, queue, Map.of("count", 1, "type", "log"));
            String mbean = routeMBean(queue);
            JsonNode stats = json(viewer.post("/observe/jolokia/", Http.json(Map.of("type", "read", "mbean", mbean))));
            assertEquals(200, stats.path("status").asInt(), stats.toString());
            assertEquals("worker-" + queue, stats.path("value").path("RouteId").asText());

            JsonNode runtime = json(viewer.post("/observe/jolokia/", Http.json(Map.of("type", "read", "mbean", "java.lang:type=Runtime"))));
            assertEquals(200, runtime.path("status").asInt(), "all of Runtime but its denied attributes: " + runtime);
            assertFalse(runtime.path("value").has("Pid") || runtime.path("value").has("Name"), runtime.toString());
            assertEquals(403, json(viewer.post("/observe/jolokia/", Http.json(Map.of("type", "read", "mbean", "java.lang:type=Runtime",
                    "attribute", "Pid")))).path("status").asInt(), "the process id, named");

            Http.Response stop = viewer.post("/observe/jolokia/", Http.json(Map.of("type", "exec", "mbean", mbean, "operation", "stop()")));
            assertEquals(403, stop.status(), stop.body());
            Http.Response bulk = viewer.post("/observe/jolokia/", "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"},"
                    + "{\"type\":\"exec\",\"mbean\":" + Http.json(mbean) + ",\"operation\":\"stop()\"}]");
            assertEquals(403, bulk.status(), "a bulk request with one exec: " + bulk.body());
            Http.Response viaGet = viewer.get("/observe/jolokia/exec/" + mbean.replace("\"", "%22") + "/stop()");
            assertEquals(403, viaGet.status(), viaGet.body());
            // Jolokia reads p only when the path is empty: a read named there must not pass the exec of the path
            for (String p : new String[]{"/read/java.lang:type=Memory", "", "/version"}) {
                Http.Response disguised = viewer.get("/observe/jolokia/exec/" + mbean.replace("\"", "%22")
                        + "/stop()?p=" + java.net.URLEncoder.encode(p, java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(403, disguised.status(), "p=" + p + ": " + disguised.body());
            }
            Http.Response write = viewer.post("/observe/jolokia/", Http.json(Map.of("type", "write", "mbean", mbean,
                    "attribute", "TracingPattern", "value", "x")));
            assertEquals(403, write.status(), write.body());
            assertEquals("Started", state(mbean), "no route stopped");
            assertEquals(1, TestBroker.get().consumers(queue));
            assertEquals(403, warren.http.withKey(newKey(warren, "operator")).post("/observe/jolokia/",
                    Http.json(Map.of("type", "exec", "mbean", mbean, "operation", "stop()"))).status(), "not even an operator");
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void anAdminStopsAWorkerRoute() {
        String queue = declaredQueue(warren, "jolokia-admin");
        try {
            putGroup(warren, queue, Map.of("count", 1, "type", "log"));
            String mbean = routeMBean(queue);
            JsonNode stop = json(warren.http.withBasicKey(newKey(warren, "admin"))
                    .post("/observe/jolokia/", Http.json(Map.of("type", "exec", "mbean", mbean, "operation", "stop()"))));
            assertEquals(200, stop.path("status").asInt(), stop.toString());
            assertEquals("Stopped", state(mbean));
            await("the broker loses the consumer").atMost(Duration.ofSeconds(10)).until(() -> TestBroker.get().consumers(queue) == 0);
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void jolokiaNeedsAKey() {
        Http.Response anonymous = warren.http.withoutKey().post("/observe/jolokia/", Http.json(Map.of("type", "version")));
        assertEquals(401, anonymous.status());
    }
}
