package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.deadLetter;
import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.security.SecurityFixtures.header;
import static dev.warren.security.SecurityFixtures.with;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scraper fetches only {scheme}://{domain_name}/ for a domain_name that is a plain host (here with a port,
 * which this warren allows): hostile domain_name values in task payloads (paths, queries with endpoint options,
 * userinfo, placeholders, expressions, other schemes, numeric spellings) fetch nothing and fail as 422, and a host
 * the target policy denies is refused and dead-lettered with x-warren-error.
 */
class ScraperDomainIT {

    static RunningWarren warren;

    private String queue;
    private TargetServer site;
    private TargetServer reports;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.delivery.scraper-allow-port", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    @BeforeEach
    void scraper() {
        queue = declaredQueue(warren, "scraper-domains");
        site = TargetServer.start();
        reports = TargetServer.start();
        putGroup(warren, queue, with(group("scraper", 1, reports.url("/reports")), "parameters", Map.of("scheme", "http")));
    }

    @AfterEach
    void delete() {
        site.close();
        reports.close();
        deleteQueue(warren, queue);
    }

    private String scrape(String domain) {
        Http.Response published = warren.http.post("/queue/publish/" + queue,
                Http.json(Map.of("worker_type", "scraper", "domain_name", domain)));
        assertEquals(202, published.status(), published.body());
        return published.text("id");
    }

    private JsonNode awaitJob(String id, String status) {
        JsonNode[] job = new JsonNode[1];
        await("job " + id + " " + status).atMost(Duration.ofSeconds(15)).until(() -> {
            job[0] = warren.http.get("/api/jobs/" + id).json();
            return job[0] != null && status.equals(job[0].path("status").asText());
        });
        return job[0];
    }

    @Test
    void hostileDomainNamesFetchNothingAndFailAs422() throws Exception {
        String host = site.url("").substring("http://".length());
        Path drop = Files.createTempDirectory("warren-scraper");
        List<String> domains = List.of(
                host + "/admin?x=1",
                host + "?httpClientConfigurer=%23class:dev.warren.security.ConstructionCanary",
                host + "/?bridgeEndpoint=true&customHostHeader=evil",
                "evil.example@" + host,
                "{{env:HOME}}",
                "{{warren.store.password}}." + host,
                "${sys:user.home}",
                "RAW(" + host + ")",
                "file:" + drop + "?fileName=pwned",
                "log:pwned",
                "http://" + host,
                host + "#x",
                "2130706433:" + host.split(":")[1],
                "0x7f000001:" + host.split(":")[1],
                "[::1]:" + host.split(":")[1]);
        ConstructionCanary.MADE.set(0);
        List<String> ids = new ArrayList<>();
        for (String domain : domains) {
            ids.add(scrape(domain));
        }
        for (String id : ids) {
            JsonNode job = awaitJob(id, "failed");
            assertEquals(1, job.path("attempts").size(), "not retried: " + job);
            assertEquals(422, job.path("attempts").get(0).path("httpStatus").asInt(), job.toString());
        }
        assertEquals(List.of(), site.requests(), "the site was not fetched");
        assertEquals(List.of(), reports.requests(), "nothing was reported");
        try (var files = Files.list(drop)) {
            assertEquals(List.of(), files.toList(), "no file was written");
        }
        Files.delete(drop);
        assertEquals(0, ConstructionCanary.MADE.get(), "no object was made");
    }

    @Test
    void theLiteralHostIsFetchedAtItsRootOnly() {
        String host = site.url("").substring("http://".length());
        String id = scrape(host);

        awaitJob(id, "finished");
        assertEquals(1, site.requests().size(), site.toString());
        TargetServer.Request fetch = site.requests().get(0);
        assertEquals("GET", fetch.method());
        assertEquals("/", fetch.path());
        assertEquals(null, fetch.query(), "no query");
        assertEquals(host, fetch.header("Host"));
        assertFalse(fetch.headers().containsKey("webhook-id"), "no header of the task's or warren's went to the site");
        assertEquals(host, reports.requests().get(0).json().path("domain").asText());
    }

    @Test
    void aDomainTheTargetPolicyDeniesIsRefusedWithoutAFetch() {
        String id = scrape("169.254.169.254");

        Message dead = deadLetter(queue, Duration.ofSeconds(15));
        assertEquals(id, dead.getMessageProperties().getMessageId());
        String error = header(dead, "x-warren-error");
        assertTrue(error != null && error.startsWith("target refused") && error.contains("169.254.169.254"),
                "x-warren-error says why: " + error);
        assertEquals(List.of(), reports.requests(), "nothing was reported");
    }

    @Test
    void anInternationalisedDomainFailsAtOnceWithAClearError() {
        String id = scrape("xn--nxasmq6b");

        JsonNode job = awaitJob(id, "failed");
        assertEquals(1, job.path("attempts").size(), "not retried: " + job);
        String error = job.path("attempts").get(0).path("error").asText();
        assertTrue(error.contains("internationalised host name") && !error.contains("Exception"), job.toString());
        assertEquals(List.of(), reports.requests(), "nothing was reported");
    }

    @Test
    void warrensOwnPortIsNotAPageToFetch() {
        String id = scrape("127.0.0.1:" + warren.port);

        String error = header(deadLetter(queue, Duration.ofSeconds(15)), "x-warren-error");
        assertTrue(error != null && error.startsWith("target refused"), "x-warren-error says why: " + error);
        assertEquals(List.of(), reports.requests(), "nothing was reported");
        assertEquals("failed", awaitJob(id, "failed").path("status").asText());
    }
}
