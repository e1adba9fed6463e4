package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.warren.support.WarrenCalls.newKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log: an entry for each state-changing request, refused ones too, newest first, paged, and kept for a time. */
class AuditLogIT extends WarrenPerClass {

    private static List<JsonNode> entries(Http http) {
        List<JsonNode> all = new ArrayList<>();
        http.get("/api/audit?limit=1000").json().path("items").forEach(all::add);
        return all;
    }

    @Test
    void everyStateChangingOperationOfTheDocumentIsAudited() {
        String prefix = TestBroker.uniqueName("audit");
        List<String[]> changes = new ArrayList<>();
        warren.http.get("/api/openapi.json").json().path("paths").fields().forEachRemaining(path ->
                path.getValue().fields().forEachRemaining(op -> {
                    String method = op.getKey().toUpperCase(Locale.ROOT);
                    if (!method.equals("GET") || path.getKey().endsWith("/messages")) {
                        changes.add(new String[] {method, path.getKey().replace("{queue}", prefix + "-q")
                                .replace("{topic}", prefix + "-t").replace("{exchange}", prefix + "-e")
                                .replace("{id}", "k_000000000000").replace("{name}", prefix + "-s")});
                    }
                }));
        assertTrue(changes.size() >= 25, "state-changing operations: " + changes.size());
        try {
            for (String[] change : changes) {
                String body = change[0].equals("DELETE") || change[0].equals("GET") ? null : "{}";
                warren.http.send(change[0], change[1], body, body == null ? null : "application/json");
            }
            await("an entry for each").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Set<String> audited = new HashSet<>();
                entries(warren.http).forEach(e -> audited.add(e.path("method").asText() + " " + e.path("path").asText()));
                List<String> missing = changes.stream().map(c -> c[0] + " " + c[1]).filter(c -> !audited.contains(c)).toList();
                assertEquals(List.of(), missing);
            });
            JsonNode purge = entries(warren.http).stream()
                    .filter(e -> e.path("path").asText().equals("/api/queues/" + prefix + "-q/purge")).findFirst().orElseThrow();
            assertEquals("configured admin", purge.path("keyName").asText(), purge.toString());
            assertEquals(prefix + "-q", purge.path("target").asText(), purge.toString());
            assertNotNull(purge.path("at").asText(null));
            assertTrue(purge.path("status").asInt() >= 200, purge.toString());
        } finally {
            warren.http.delete("/api/queues/" + prefix + "-q");
            warren.http.delete("/api/topics/" + prefix + "-t");
        }
    }

    @Test
    void entriesComeNewestFirstAPageAtATime() {
        String queue = TestBroker.uniqueName("audit-pages");
        for (int i = 0; i < 3; i++) {
            warren.http.post("/api/queues/" + queue + "-" + i + "/purge");
        }
        await("written").atMost(Duration.ofSeconds(10)).until(() -> entries(warren.http).stream()
                .anyMatch(e -> e.path("path").asText().equals("/api/queues/" + queue + "-2/purge")));
        JsonNode first = warren.http.get("/api/audit?limit=2").json();
        assertEquals(2, first.path("items").size(), first.toString());
        assertEquals("/api/queues/" + queue + "-2/purge", first.path("items").path(0).path("path").asText(), first.toString());
        assertEquals("/api/queues/" + queue + "-1/purge", first.path("items").path(1).path("path").asText(), first.toString());
        String next = first.path("next").asText();
        JsonNode second = warren.http.get("/api/audit?limit=2&before=" + next).json();
        assertEquals("/api/queues/" + queue + "-0/purge", second.path("items").path(0).path("path").asText(), second.toString());
        assertEquals(400, warren.http.get("/api/audit?before=x").status());
    }

    @Test
    void refusedRequestsAreAuditedToo() {
        String queue = TestBroker.uniqueName("audit-refused");
        assertEquals(401, warren.http.withoutKey().post("/api/queues/" + queue + "/purge").status());
        String viewer = newKey(warren, "viewer");
        assertEquals(403, warren.http.withKey(viewer).delete("/api/queues/" + queue).status());
        await("both written").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> mine = entries(warren.http).stream().filter(e -> e.path("path").asText().contains(queue)).toList();
            assertEquals(2, mine.size(), mine.toString());
            JsonNode forbidden = mine.get(0);
            assertEquals("DELETE", forbidden.path("method").asText());
            assertEquals(403, forbidden.path("status").asInt());
            assertEquals("refused", forbidden.path("outcome").asText());
            assertTrue(forbidden.path("keyName").asText().startsWith("test viewer"), forbidden.toString());
            JsonNode anonymous = mine.get(1);
            assertEquals(401, anonymous.path("status").asInt());
            assertEquals("refused", anonymous.path("outcome").asText());
            assertNull(anonymous.path("keyId").textValue(), "who: unknown");
        });
    }

    @Test
    void whatACallerWritesIntoAnEntryIsCappedAcceptedOrRefused() {
        String queue = TestBroker.uniqueName("audit-long");
        String path = "/api/queues/" + queue + "-" + "Z".repeat(3800) + "/purge";
        assertEquals(401, warren.http.withoutKey().post(path).status());
        int admitted = warren.http.post(path).status();
        Http.Response oddMethod = RawHttp.send(warren.port, "Z".repeat(16), "/api/queues/" + queue + "-m/purge", null, null,
                Map.of("Authorization", ""));
        await("three capped entries").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> mine = entries(warren.http).stream().filter(e -> e.path("path").asText().contains(queue)).toList();
            assertEquals(3, mine.size(), "entries (odd method answered " + oddMethod.status() + "): " + mine);
            for (JsonNode entry : mine) {
                assertTrue(entry.path("method").asText().length() <= 10, entry.toString());
                assertTrue(entry.path("path").asText().length() <= 400, entry.toString());
                assertTrue(entry.path("target").asText().length() <= 400, entry.toString());
            }
            JsonNode accepted = mine.get(1);
            assertEquals(admitted, accepted.path("status").asInt(), accepted.toString());
            assertEquals(400, accepted.path("path").asText().length(), accepted.toString());
            assertTrue(accepted.path("path").asText().startsWith("/api/queues/" + queue + "-ZZZ"), accepted.toString());
            assertTrue(accepted.path("path").asText().endsWith("… (" + path.length() + " characters)"), accepted.toString());
            assertTrue(accepted.path("target").asText().endsWith("… (" + (path.length() - 18) + " characters)"), accepted.toString());
            assertEquals("refused", mine.get(2).path("outcome").asText(), mine.get(2).toString());
            assertEquals("Z".repeat(9) + "…", mine.get(0).path("method").asText(), mine.get(0).toString());
        });
    }

    @Test
    void readsAreNotAuditedAndOnlyAnAdminReadsTheLog() {
        String queue = TestBroker.uniqueName("audit-read");
        warren.http.get("/api/queues/" + queue);
        assertEquals(403, warren.http.withKey(newKey(warren, "operator")).get("/api/audit").status());
        assertTrue(entries(warren.http).stream().noneMatch(e -> e.path("path").asText().contains(queue)));
    }

    @Test
    void entriesPastTheirRetentionAreDeleted() throws Exception {
        try (RunningWarren shortLived = RunningWarren.start(Map.of("warren.audit.retention", "PT2S",
                "warren.audit.cleanup-interval-ms", "500"))) {
            shortLived.http.post("/api/queues/" + TestBroker.uniqueName("audit-retention") + "/purge");
            await("written").atMost(Duration.ofSeconds(10)).until(() -> !entries(shortLived.http).isEmpty());
            await("deleted past retention").atMost(Duration.ofSeconds(20)).until(() -> entries(shortLived.http).isEmpty());
        }
    }
}
