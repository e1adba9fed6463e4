package dev.warren.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.newKey;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /observe/health: ready only while the broker and the store answer and every worker group consumes. */
class HealthIT {

    @Test
    void readyAndLiveOnAWarrenWhoseBrokerAndStoreAnswer() throws Exception {
        try (RunningWarren warren = RunningWarren.start()) {
            assertUp(warren.http.get("/observe/health/ready"));
            assertUp(warren.http.get("/observe/health/live"));
            assertUp(warren.http.get("/observe/health"));
            JsonNode full = warren.http.get("/observe/health?exposureLevel=full").json();
            for (String check : new String[] {"warren-broker", "warren-store", "warren-worker-groups"}) {
                assertEquals("UP", check(full, check).path("status").asText(), check + " in " + full);
            }
        }
    }

    @Test
    void notReadyButLiveWhenTheBrokerIsUnreachable() throws Exception {
        try (RunningWarren warren = RunningWarren.start(Map.of("warren.rabbitmq.uri", "amqp://guest:guest@localhost:1"))) {
            Http.Response ready = warren.http.get("/observe/health");
            assertEquals(503, ready.status(), ready.body());
            assertEquals(503, warren.http.get("/observe/health/ready").status());
            assertEquals("DOWN", ready.json().path("status").asText(), ready.body());
            assertTrue(check(ready.json(), "warren-broker").path("message").asText().contains("RabbitMQ"), ready.body());
            assertTrue(check(ready.json(), "warren-store").isMissingNode(), "the store answers: " + ready.body());
            assertUp(warren.http.get("/observe/health/live"));
            assertTrue(!ready.body().contains("guest:guest"), "no credentials: " + ready.body());
        }
    }

    @Test
    void readinessFollowsTheBrokerGoingAwayAndComingBack() throws Exception {
        URI broker = URI.create(TestBroker.get().amqpUri);
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), broker.getPort() == -1 ? 5672 : broker.getPort());
             RunningWarren warren = RunningWarren.start(Map.of("warren.rabbitmq.uri",
                     broker.getScheme() + "://" + broker.getRawUserInfo() + "@localhost:" + proxy.port() + broker.getRawPath()))) {
            assertUp(warren.http.get("/observe/health/ready"));

            proxy.cut();
            await("not ready").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> warren.http.get("/observe/health/ready").status() == 503);
            Http.Response down = warren.http.get("/observe/health");
            assertEquals("DOWN", check(down.json(), "warren-broker").path("status").asText(), down.body());
            assertUp(warren.http.get("/observe/health/live"));

            proxy.restore();
            await("ready again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> warren.http.get("/observe/health/ready").status() == 200);
        }
    }

    @Test
    void aGroupWhoseConsumersAreGoneMakesWarrenNotReadyByName() throws Exception {
        try (RunningWarren warren = RunningWarren.start(Map.of("warren.health.consumer-grace-ms", "1000"))) {
            String queue = declaredQueue(warren, "health-group");
            try {
                putGroup(warren, queue, Map.of("count", 1, "type", "log"));
                await("consuming").atMost(Duration.ofSeconds(5)).until(() -> TestBroker.get().consumers(queue) == 1);
                assertUp(warren.http.get("/observe/health/ready"));

                // an operator stops the group's route by hand (Hawtio): the group wants 1 consumer and has none
                String route = "/observe/jolokia/exec/org.apache.camel:context=warren,type=routes,name=%22worker-" + queue + "%22";
                assertEquals(200, warren.http.get(route + "/stop()").json().path("status").asInt());
                await("not ready").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> warren.http.get("/observe/health/ready").status() == 503);
                JsonNode groups = check(warren.http.get("/observe/health").json(), "warren-worker-groups");
                assertEquals("DOWN", groups.path("status").asText(), groups.toString());
                assertTrue(groups.path("message").asText().contains(queue), "names the group: " + groups);
                // no key: the probe's status only, whatever it is asked; a key of other queues: no word of this one
                Http.Response open = warren.http.withoutKey().get("/observe/health/ready?exposureLevel=full&data=true");
                assertEquals(503, open.status(), open.body());
                assertEquals("{\"status\":\"DOWN\"}", open.json().toString(), "status only: " + open.body());
                JsonNode admin = warren.http.get("/api/overview").json();
                assertTrue(admin.path("problems").toString().contains(queue), "an admin is told: " + admin);
                Http.Response limited = warren.http.withKey(newKey(warren, "viewer", "elsewhere-*")).get("/api/overview");
                assertEquals(200, limited.status(), limited.body());
                assertTrue(!limited.body().contains(queue), "a key of other queues is not told: " + limited.body());
                assertUp(warren.http.get("/observe/health/live"));

                assertEquals(200, warren.http.get(route + "/start()").json().path("status").asInt());
                await("ready again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> warren.http.get("/observe/health/ready").status() == 200);
            } finally {
                deleteQueue(warren, queue);
            }
        }
    }

    @Test
    void aPausedGroupWantsNoConsumersAndKeepsWarrenReady() throws Exception {
        try (RunningWarren warren = RunningWarren.start(Map.of("warren.health.consumer-grace-ms", "500"))) {
            String queue = declaredQueue(warren, "health-paused");
            try {
                putGroup(warren, queue, Map.of("count", 1, "type", "log"));
                assertEquals(200, warren.http.post("/api/queues/" + queue + "/workers/pause").status());
                Thread.sleep(1500);
                assertUp(warren.http.get("/observe/health/ready"));
            } finally {
                deleteQueue(warren, queue);
            }
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void assertUp(Http.Response response) {
        assertEquals(200, response.status(), response.body());
        assertEquals("UP", response.json().path("status").asText(), response.body());
    }
}
