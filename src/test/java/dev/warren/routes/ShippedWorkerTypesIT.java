package dev.warren.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.routes.RoutesFixtures.awaitDrained;
import static dev.warren.routes.RoutesFixtures.awaitJob;
import static dev.warren.routes.RoutesFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.routes.RoutesFixtures.groupOf;
import static dev.warren.routes.RoutesFixtures.parameters;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.routes.RoutesFixtures.workerType;
import static dev.warren.support.Queues.deleteQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker types warren ships in routes/ (http, log, scraper) are listed with their parameters and work end to end. */
class ShippedWorkerTypesIT extends WarrenOnRouteCopy {

    @Test
    void theShippedTypesAreListedWithTheirFileAndParametersAndNoError() {
        JsonNode http = workerType(warren, "http");
        JsonNode log = workerType(warren, "log");
        JsonNode scraper = workerType(warren, "scraper");
        assertNotNull(http, "http is listed");
        assertNotNull(log, "log is listed");
        assertNotNull(scraper, "scraper is listed");

        assertEquals(routes.resolve("http.yaml").toString(), http.path("file").asText(), http.toString());
        assertEquals(routes.resolve("log.yaml").toString(), log.path("file").asText(), log.toString());
        assertEquals(routes.resolve("scraper.yaml").toString(), scraper.path("file").asText(), scraper.toString());
        for (JsonNode type : List.of(http, log, scraper)) {
            assertTrue(type.has("error") && type.path("error").isNull(), "error is null: " + type);
            Map<String, JsonNode> parameters = parameters(type);
            assertTrue(parameters.get("queue").path("required").asBoolean(), "the queue has no default: " + type);
            assertFalse(parameters.get("consumers").path("required").asBoolean(), "consumers has a default: " + type);
            assertFalse(parameters.get("prefetch").path("required").asBoolean(), "prefetch has a default: " + type);
        }
        assertTrue(parameters(http).containsKey("target"), "http takes a target: " + http);
        assertTrue(parameters(http).get("target").path("required").asBoolean(), "http requires a target: " + http);
        assertFalse(parameters(log).containsKey("target"), "log needs no target: " + log);
        assertTrue(parameters(scraper).get("target").path("required").asBoolean(), "scraper posts to a target: " + scraper);
        assertTrue(parameters(scraper).containsKey("scheme"), "scraper takes a scheme: " + scraper);
        assertFalse(parameters(scraper).get("scheme").path("required").asBoolean(), "scheme has a default: " + scraper);
    }

    @Test
    void eachParameterShowsItsDefaultUnderDefaultAsTheContractSays() {
        JsonNode http = workerType(warren, "http");
        JsonNode scraper = workerType(warren, "scraper");
        for (JsonNode parameter : http.path("parameters")) {
            assertTrue(parameter.has("default"), "every parameter has \"default\" (null when none): " + http);
        }
        assertEquals("1", parameters(http).get("consumers").path("default").asText(), http.toString());
        assertEquals("1", parameters(http).get("prefetch").path("default").asText(), http.toString());
        assertTrue(parameters(http).get("target").path("default").isNull(), "no default target: " + http);
        assertEquals("https", parameters(scraper).get("scheme").path("default").asText(), scraper.toString());
    }

    @Test
    void aLogGroupDrainsItsQueue() {
        String queue = declaredQueue(warren, "shipped-log");
        try {
            putGroup(warren, queue, groupOf("log", 2, null));
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            List<Map<String, Object>> payloads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> ids = publishBatch(warren, queue, payloads);

            awaitDrained(warren, queue, Duration.ofSeconds(10));
            await("20 tasks processed by the log group").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == 20);
            JsonNode view = group(warren, queue);
            assertEquals("log", view.path("type").asText(), view.toString());
            assertEquals(0, view.path("failed").asLong(), view.toString());
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
            awaitJob(warren, ids.get(0), "finished", Duration.ofSeconds(5));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void anHttpGroupDeliversEachTaskToItsTarget() {
        String queue = declaredQueue(warren, "shipped-http");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, groupOf("http", 2, target.url()));
            List<String> ids = publishBatch(warren, queue, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

            await("3 tasks at the target").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() >= 3);
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet(), target.toString());
            assertEquals(Map.of(), target.duplicates(), "each task once");
            for (TargetServer.Request request : target.requests()) {
                assertEquals("POST", request.method(), request.toString());
                assertEquals(queue, request.header("X-Warren-Queue"), request.toString());
            }
            awaitJob(warren, ids.get(0), "finished", Duration.ofSeconds(5));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aScraperGroupFetchesTheDomainAndPostsASummaryOfThePageToItsTarget() {
        String queue = declaredQueue(warren, "shipped-scraper");
        try (HtmlSite site = new HtmlSite(); TargetServer reports = TargetServer.start()) {
            Map<String, Object> spec = groupOf("scraper", 1, reports.url("/reports"));
            spec.put("parameters", Map.of("scheme", "http"));
            JsonNode view = putGroup(warren, queue, spec);
            assertEquals("http", view.path("parameters").path("scheme").asText(), "the group shows its parameters: " + view);

            // the original API's task, published through its compatibility endpoint
            Http.Response published = warren.http.post("/queue/publish/" + queue,
                    Http.json(Map.of("worker_type", "scraper", "domain_name", site.domain())));
            assertEquals(202, published.status(), published.body());
            String id = published.text("id");

            await("the summary at the target").atMost(Duration.ofSeconds(15)).until(() -> !reports.requests().isEmpty());
            awaitJob(warren, id, "finished", Duration.ofSeconds(5));
            assertEquals(List.of(new HtmlSite.Visit("GET", "/")), site.visits(), "the page was fetched once");
            assertEquals(1, reports.requests().size(), reports.toString());
            TargetServer.Request report = reports.requests().get(0);
            assertEquals("POST", report.method(), report.toString());
            assertEquals("/reports", report.path(), report.toString());
            assertEquals(id, report.webhookId(), "the report carries the task's id");
            JsonNode summary = report.json();
            assertTrue(summary.isObject(), "a JSON summary: " + report.body());
            assertEquals(site.domain(), summary.path("domain").asText(), report.body());
            assertEquals(200, summary.path("status").asInt(), report.body());
            assertTrue(summary.path("contentType").asText().startsWith("text/html"), report.body());
            assertEquals(site.pageBytes(), summary.path("bytes").asInt(), "bytes: the size of the page: " + report.body());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void theScraperSummaryCountsThePageInBytes() {
        String queue = declaredQueue(warren, "shipped-scraper-bytes");
        try (HtmlSite site = new HtmlSite(HtmlSite.UNICODE_PAGE); TargetServer reports = TargetServer.start()) {
            Map<String, Object> spec = groupOf("scraper", 1, reports.url("/reports"));
            spec.put("parameters", Map.of("scheme", "http"));
            putGroup(warren, queue, spec);
            Http.Response published = warren.http.post("/queue/publish/" + queue,
                    Http.json(Map.of("worker_type", "scraper", "domain_name", site.domain())));
            assertEquals(202, published.status(), published.body());

            await("the summary at the target").atMost(Duration.ofSeconds(15)).until(() -> !reports.requests().isEmpty());
            JsonNode summary = reports.requests().get(0).json();
            assertEquals(site.pageBytes(), summary.path("bytes").asInt(),
                    "bytes of a UTF-8 page with non-ASCII text: " + summary);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aScraperTaskWhoseDomainNameIsNotAHostFailsWith422WithoutAnyFetch() {
        String queue = declaredQueue(warren, "shipped-scraper-bad");
        try (HtmlSite site = new HtmlSite(); TargetServer reports = TargetServer.start()) {
            Map<String, Object> spec = groupOf("scraper", 1, reports.url("/reports"));
            spec.put("parameters", Map.of("scheme", "http"));
            putGroup(warren, queue, spec);

            List<String> ids = new ArrayList<>();
            for (String domain : List.of("bad/../x", site.domain() + "/../x", site.domain() + "?q=1")) {
                Http.Response published = warren.http.post("/queue/publish/" + queue,
                        Http.json(Map.of("worker_type", "scraper", "domain_name", domain)));
                assertEquals(202, published.status(), published.body());
                ids.add(published.text("id"));
            }
            Http.Response missing = warren.http.post("/queue/publish/" + queue, "{\"worker_type\": \"scraper\"}");
            assertEquals(202, missing.status(), missing.body());
            ids.add(missing.text("id"));

            for (String id : ids) {
                JsonNode failed = awaitJob(warren, id, "failed", Duration.ofSeconds(10));
                JsonNode attempts = failed.path("attempts");
                assertEquals(1, attempts.size(), "failed at once, not retried: " + failed);
                assertEquals(422, attempts.get(0).path("httpStatus").asInt(), failed.toString());
            }
            await("dead-lettered").atMost(Duration.ofSeconds(5)).until(() -> broker().ready(queue + ".dlq") == ids.size());
            assertEquals(List.of(), site.visits(), "no page was fetched");
            assertEquals(List.of(), reports.requests(), "nothing was reported");
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
