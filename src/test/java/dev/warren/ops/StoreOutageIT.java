package dev.warren.ops;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With its PostgreSQL store unreachable, warren answers publishes 503 at once, enqueues nothing, and recovers alone. */
class StoreOutageIT {

    @Test
    void publishesAreAnsweredAQuick503WithRetryAfterWhileTheStoreHangsAndWorkAgainWhenItAnswers() throws Exception {
        Map<String, String> schema = TestStore.postgres().freshSchema();
        URI jdbc = URI.create(schema.get("warren.store.url").substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(jdbc.getHost(), jdbc.getPort() == -1 ? 5432 : jdbc.getPort())) {
            Map<String, String> properties = new LinkedHashMap<>(schema);
            properties.put("warren.store.url", schema.get("warren.store.url")
                    .replace(jdbc.getHost() + ":" + jdbc.getPort(), "127.0.0.1:" + proxy.port()));
            RunningWarren warren = RunningWarren.start(properties);
            String queue = declaredQueue(warren, "store-outage");
            try {
                assertEquals(202, publish(warren, queue, "before").statusCode());

                proxy.pause();
                long asked = System.nanoTime();
                HttpResponse<String> refused = publish(warren, queue, "during");
                long tookMs = (System.nanoTime() - asked) / 1_000_000;
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(null));
                assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(refused.body().contains("job store"), refused.body());
                assertTrue(tookMs < 5_000, "answered within the confirm timeout, took " + tookMs + " ms");
                await("readiness DOWN").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> warren.http.get("/observe/health/ready").status() == 503);
                assertEquals(1, TestBroker.get().ready(queue), "the refused task was not enqueued");

                proxy.resume();
                await("publishes work again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> publish(warren, queue, "after").statusCode() == 202);
                await("ready again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                        .until(() -> warren.http.get("/observe/health/ready").status() == 200);
                await("the refused task's job is not kept").atMost(Duration.ofSeconds(15))
                        .until(() -> warren.http.get("/api/jobs/" + queue + "-during").status() == 404);
                assertEquals(202, publish(warren, queue, "during").statusCode(), "its id can be published again");
                assertEquals(3, TestBroker.get().ready(queue), "before, after, and during published again");
            } finally {
                proxy.resume();
                warren.http.delete("/api/queues/" + queue);
                warren.close();
            }
        }
    }

    private static HttpResponse<String> publish(RunningWarren warren, String queue, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + warren.port + "/api/queues/" + queue
                        + "/tasks")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + dev.warren.support.RunningWarren.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("id", queue + "-" + name,
                        "payload", Map.of("name", name))))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
