package dev.warren.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.newKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/jobs with q, since and until, and POST /api/jobs/retry, through the HTTP API of a running warren. */
class JobSearchApiIT extends WarrenPerClass {

    private static String publish(String queue, String payload) {
        Http.Response published = warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": " + payload + "}");
        assertTrue(published.status() == 202, published.body());
        return published.text("id");
    }

    private static List<String> ids(Http.Response page) {
        assertEquals(200, page.status(), page.body());
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(job -> ids.add(job.path("id").asText()));
        return ids;
    }

    @Test
    void searchCombinesWithQueueAndTimeAndAScopedKeySeesOnlyItsQueues() {
        String orders = declaredQueue(warren, "search-orders");
        String billing = declaredQueue(warren, "search-billing");
        String mark = "m" + Long.toHexString(System.nanoTime());
        Instant before = Instant.now();
        String inOrders = publish(orders, "{\"customer\": \"" + mark + "-Ada\"}");
        String inBilling = publish(billing, "{\"customer\": \"" + mark + "-ada\"}");
        publish(orders, "{\"customer\": \"" + mark + "-Grace\"}");

        assertEquals(List.of(inBilling, inOrders), ids(warren.http.get("/api/jobs?q=" + mark + "-ADA")));
        assertEquals(List.of(inOrders), ids(warren.http.get("/api/jobs?q=" + mark + "-ada&queue=" + orders + "&status=queued")));
        assertEquals(List.of(inBilling, inOrders), ids(warren.http.get("/api/jobs?q=" + mark + "-ada&since=" + before)));
        assertEquals(List.of(), ids(warren.http.get("/api/jobs?q=" + mark + "-ada&until=" + before)));

        Http scoped = warren.http.withKey(newKey(warren, "viewer", orders));
        assertEquals(List.of(inOrders), ids(scoped.get("/api/jobs?q=" + mark + "-ada")));
        assertProblem(scoped.get("/api/jobs?q=" + mark + "&queue=" + billing), 403);
        warren.http.delete("/api/queues/" + orders);
        warren.http.delete("/api/queues/" + billing);
    }

    @Test
    void eachBadParameterIsA400NamingIt() {
        assertInvalid(warren.http.get("/api/jobs?q=ab"), "q");
        assertInvalid(warren.http.get("/api/jobs?q=" + "x".repeat(201)), "q");
        assertInvalid(warren.http.get("/api/jobs?since=yesterday"), "since");
        assertInvalid(warren.http.get("/api/jobs?until=2026-11-26T04:00:00"), "until");
        assertInvalid(warren.http.get("/api/jobs?since=2026-11-26T04:00:00Z&until=2026-11-26T03:00:00Z"), "until");
        assertInvalid(warren.http.post("/api/jobs/retry", "{\"ids\": []}"), "ids");
        assertInvalid(warren.http.post("/api/jobs/retry", Http.json(Map.of("ids", Collections.nCopies(501, "x")))), "ids");
    }

    @Test
    void aMisspeltOrRepeatedFilterIsA400AndRequestHeadersAreNoFilters() {
        String orders = declaredQueue(warren, "search-strict");
        String mark = "m" + Long.toHexString(System.nanoTime());
        String job = publish(orders, "{\"customer\": \"" + mark + "\"}");

        assertInvalid(warren.http.get("/api/jobs?stauts=failed"), "stauts");
        assertInvalid(warren.http.get("/api/jobs?q=" + mark + "&queue=" + orders + "&queue=other"), "queue");
        assertInvalid(warren.http.get("/api/queues/" + orders + "/dead-letters?status=failed"), "status");
        Http.Response headers = warren.http.send("GET", "/api/jobs?q=" + mark, null, null,
                Map.of("queue", "other", "status", "failed", "since", "2100-01-01T00:00:00Z", "limit", "0"));
        assertEquals(List.of(job), ids(headers), "headers named like filters filter nothing");
        warren.http.delete("/api/queues/" + orders);
    }

    @Test
    void bulkRetryAnswersEachJobAndAScopedKeyRetriesOnlyItsQueues() {
        String orders = declaredQueue(warren, "retry-orders");
        String billing = declaredQueue(warren, "retry-billing");
        String cancelledOrder = publish(orders, "{\"n\": 1}");
        String queuedOrder = publish(orders, "{\"n\": 2}");
        String cancelledBill = publish(billing, "{\"n\": 3}");
        assertEquals(200, warren.http.post("/api/jobs/" + cancelledOrder + "/cancel").status());
        assertEquals(200, warren.http.post("/api/jobs/" + cancelledBill + "/cancel").status());

        Http operator = warren.http.withKey(newKey(warren, "operator", orders));
        Http.Response answer = operator.post("/api/jobs/retry", Http.json(Map.of("ids",
                List.of(cancelledOrder, queuedOrder, cancelledBill, "no-such-job"))));
        assertEquals(200, answer.status(), answer.body());
        JsonNode items = answer.json().path("items");
        assertEquals(List.of("queued", "conflict", "not-found", "not-found"),
                List.of(items.get(0).path("outcome").asText(), items.get(1).path("outcome").asText(),
                        items.get(2).path("outcome").asText(), items.get(3).path("outcome").asText()));
        assertEquals(409, items.get(1).path("status").asInt());
        assertEquals("queued", warren.http.get("/api/jobs/" + cancelledOrder).text("status"));
        assertEquals("cancelled", warren.http.get("/api/jobs/" + cancelledBill).text("status"), "another queue's job is untouched");

        assertProblem(warren.http.withKey(newKey(warren, "publisher")).post("/api/jobs/retry",
                Http.json(Map.of("ids", List.of(cancelledBill)))), 403);
        // audit entries are written together, about every 100 ms
        await("the bulk retry audited").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode entry : warren.http.get("/api/audit?limit=20").json().path("items")) {
                if (entry.path("path").asText().equals("/api/jobs/retry") && entry.path("status").asInt() == 200) {
                    return true;
                }
            }
            return false;
        });
        warren.http.delete("/api/queues/" + orders);
        warren.http.delete("/api/queues/" + billing);
    }
}
