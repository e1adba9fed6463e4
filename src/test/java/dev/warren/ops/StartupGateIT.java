package dev.warren.ops;

import dev.warren.support.RunningWarren;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Right after a (re)start, the API tells a client to come back rather than answering before its groups are known. */
class StartupGateIT {

    /** One answer of the API as a client polling it saw it. */
    record Seen(int status, String contentType, String retryAfter, String body, java.time.LocalTime at) {
    }

    @Test
    void duringARestartAGroupIsNeverMissingTheApiAnswers503WithRetryAfterUntilGroupsAreRestored() throws Exception {
        RunningWarren warren = RunningWarren.start();
        List<String> queues = List.of(declaredQueue(warren, "startup-a"), declaredQueue(warren, "startup-b"),
                declaredQueue(warren, "startup-c"));
        queues.forEach(queue -> putGroup(warren, queue, Map.of("count", 1, "type", "log")));
        String last = queues.get(queues.size() - 1);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicBoolean starting = new AtomicBoolean(false);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Thread poller = new Thread(() -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + warren.port + "/api/queues/"
                    + last + "/workers")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + dev.warren.support.RunningWarren.ADMIN_KEY).GET().build();
            while (polling.get()) {
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (!starting.get()) {
                        continue;
                    }
                    seen.add(new Seen(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                            response.headers().firstValue("Retry-After").orElse(null), response.body(), java.time.LocalTime.now()));
                } catch (java.io.IOException e) {
                    // warren is down between the stop and the start: no answer to judge
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "startup-poller");
        RunningWarren restarted = null;
        try {
            poller.start();
            // what the stopping instance answers is the shutdown's business: only the start is judged here
            warren.close();
            starting.set(true);
            restarted = warren.restart();
            polling.set(false);
            poller.join(10_000);

            assertFalse(seen.isEmpty(), "the poller got answers");
            boolean answered = false;
            for (Seen answer : seen) {
                // in the few ms between the server listening and warren's error pages being installed, Vert.x answers
                // its own page: that is not the API saying the group does not exist
                if (!answered && answer.status() == 404 && String.valueOf(answer.contentType()).startsWith("text/html")) {
                    continue;
                }
                answered = true;
                assertTrue(answer.status() == 200 || answer.status() == 503, "only the group or come back later: " + answer);
                if (answer.status() == 503) {
                    assertEquals("application/problem+json", answer.contentType(), answer.toString());
                    assertEquals("5", answer.retryAfter(), answer.toString());
                }
            }
            assertEquals(200, restarted.http.get("/api/queues/" + last + "/workers").status());
            assertEquals(200, restarted.http.get("/observe/health/ready").status(), "ready once started");
        } finally {
            polling.set(false);
            RunningWarren running = restarted != null ? restarted : warren;
            queues.forEach(queue -> running.http.delete("/api/queues/" + queue));
            running.close();
        }
    }
}
