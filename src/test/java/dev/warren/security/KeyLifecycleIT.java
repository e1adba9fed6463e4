package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.LogCapture;
import dev.warren.support.RunningWarren;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys through their life: made and shown once, used, revoked or expired; and the admin key of a first start. */
class KeyLifecycleIT extends WarrenPerClass {

    private static final Pattern KEY = Pattern.compile("wrn_[A-Za-z0-9_-]{43}");

    private static JsonNode create(Map<String, Object> request) {
        Http.Response created = warren.http.post("/api/keys", Http.json(request));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void aNewKeyIsShownOnceWorksAndIsRefusedOnceRevoked() {
        JsonNode created = create(Map.of("name", "ci deploy", "role", "operator", "queuePatterns", List.of("orders.*")));
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertTrue(KEY.matcher(key).matches(), created.toString());
        assertEquals("operator", created.path("role").asText());
        assertEquals(key.substring(0, 12), created.path("prefix").asText());

        Http.Response listed = warren.http.get("/api/keys?limit=1000");
        Http.Response one = warren.http.get("/api/keys/" + id);
        assertEquals(200, one.status(), one.body());
        assertFalse(listed.body().contains(key), "the list never shows a key");
        assertFalse(one.body().contains(key), "nor does the key's view");
        assertFalse(one.json().has("key") || one.json().has("hash") || one.json().has("keyHash"), one.body());
        assertTrue(listed.body().contains(id), listed.body());

        Http http = warren.http.withKey(key);
        JsonNode me = http.get("/api/whoami").json();
        assertEquals(id, me.path("id").asText(), me.toString());
        assertEquals("ci deploy", me.path("name").asText());
        await("last use recorded").atMost(Duration.ofSeconds(10))
                .until(() -> !warren.http.get("/api/keys/" + id).json().path("lastUsedAt").isNull());

        assertEquals(204, warren.http.delete("/api/keys/" + id).status());
        Http.Response refused = http.get("/api/whoami");
        assertEquals(401, refused.status(), "revoked keys are refused at once: " + refused.body());
        assertEquals(404, warren.http.get("/api/keys/" + id).status());
        assertEquals(404, warren.http.delete("/api/keys/" + id).status());
    }

    @Test
    void theConfiguredAdminKeyIsNotRevokedThroughTheApiAndNeverSeemsRevokedWhileWorking() {
        JsonNode me = warren.http.get("/api/whoami").json();
        assertEquals("configured admin", me.path("name").asText(), me.toString());
        String id = me.path("id").asText();

        Http.Response refused = warren.http.delete("/api/keys/" + id);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.json().path("detail").asText().contains("warren.auth.admin-key"), refused.body());
        assertEquals(200, warren.http.get("/api/keys/" + id).status(), "still listed, as it still works");
        assertTrue(warren.http.get("/api/keys?limit=1000").body().contains(id));
        assertEquals(200, warren.http.get("/api/whoami").status());
    }

    @Test
    void anExpiredKeyIsRefused() {
        Http.Response past = warren.http.post("/api/keys", Http.json(Map.of("name", "old", "role", "viewer",
                "expiresAt", Instant.now().minusSeconds(60).toString())));
        assertEquals(400, past.status(), "a key that would be born expired: " + past.body());
        assertEquals("expiresAt", past.json().path("errors").path(0).path("field").asText(), past.body());
        String soon = create(Map.of("name", "short", "role", "viewer", "expiresAt", Instant.now().plusSeconds(3).toString()))
                .path("key").asText();
        assertEquals(200, warren.http.withKey(soon).get("/api/whoami").status());
        await("expired").atMost(Duration.ofSeconds(15)).until(() -> warren.http.withKey(soon).get("/api/whoami").status() == 401);
        JsonNode days = create(Map.of("name", "month", "role", "viewer", "expiresInDays", 30));
        assertTrue(Instant.parse(days.path("expiresAt").asText()).isAfter(Instant.now().plus(Duration.ofDays(29))), days.toString());
    }

    @Test
    void invalidRequestsNameTheirField() {
        Http.Response role = warren.http.post("/api/keys", Http.json(Map.of("name", "x", "role", "root")));
        assertEquals(400, role.status(), role.body());
        assertEquals("role", role.json().path("errors").path(0).path("field").asText(), role.body());
        Http.Response name = warren.http.post("/api/keys", Http.json(Map.of("role", "viewer")));
        assertEquals(400, name.status(), name.body());
        assertEquals("name", name.json().path("errors").path(0).path("field").asText(), name.body());
        Http.Response pattern = warren.http.post("/api/keys", Http.json(Map.of("name", "x", "role", "viewer",
                "queuePatterns", List.of("a b"))));
        assertEquals(400, pattern.status(), pattern.body());
        assertEquals("queuePatterns[0]", pattern.json().path("errors").path(0).path("field").asText(), pattern.body());
        assertEquals(400, warren.http.post("/api/keys", Http.json(Map.of("name", "x", "role", "viewer", "expiresInDays", 0))).status());
        Http.Response limitedAdmin = warren.http.post("/api/keys", Http.json(Map.of("name", "x", "role", "admin",
                "queuePatterns", List.of("orders.*"))));
        assertEquals(400, limitedAdmin.status(), limitedAdmin.body());
        assertEquals("queuePatterns", limitedAdmin.json().path("errors").path(0).path("field").asText(), limitedAdmin.body());
    }

    @Test
    void withoutAConfiguredKeyTheFirstStartMakesAnAdminKeyAndLogsItOnce() throws Exception {
        RunningWarren fresh;
        String key;
        try (LogCapture log = LogCapture.open()) {
            fresh = RunningWarren.start(Map.of("warren.auth.admin-key", ""));
            List<String> banner = log.lines().stream().filter(line -> KEY.matcher(line).find()).toList();
            assertEquals(1, banner.size(), "one line shows the key: " + banner);
            assertTrue(banner.get(0).startsWith("WARN"), banner.get(0));
            Matcher found = KEY.matcher(banner.get(0));
            assertTrue(found.find());
            key = found.group();
        }
        try {
            assertEquals("admin", fresh.http.withKey(key).get("/api/whoami").json().path("role").asText());
            assertEquals(401, fresh.http.get("/api/whoami").status(), "the test key is not configured on this one");
            try (LogCapture log = LogCapture.open()) {
                fresh = fresh.restart();
                assertTrue(log.lines().stream().noneMatch(line -> KEY.matcher(line).find()), "not logged again");
            }
            assertEquals(200, fresh.http.withKey(key).get("/api/whoami").status(), "the key made at the first start stays");
        } finally {
            fresh.close();
        }
    }

    @Test
    void theAdminKeyCanComeFromAFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("warren-admin-key", ".txt");
        String key = "wrn_from-a-container-secret-file-22222222222222222";
        java.nio.file.Files.writeString(file, key + "\n");
        try (RunningWarren instance = RunningWarren.start(Map.of("warren.auth.admin-key", "",
                "warren.auth.admin-key-file", file.toString()))) {
            assertEquals("admin", instance.http.withKey(key).get("/api/whoami").json().path("role").asText());
        }
    }

    @Test
    void aChangedConfiguredKeyReplacesTheOldOne() throws Exception {
        String first = "wrn_first-configured-admin-key-000000000000000000";
        String second = "wrn_second-configured-admin-key-11111111111111111";
        RunningWarren instance = RunningWarren.start(Map.of("warren.auth.admin-key", first));
        try {
            assertEquals(200, instance.http.withKey(first).get("/api/whoami").status());
            String store = instance.camel().resolvePropertyPlaceholders("{{warren.store.url}}");
            instance.close();
            instance = RunningWarren.start(Map.of("warren.auth.admin-key", second, "warren.store.url", store));
            assertEquals(200, instance.http.withKey(second).get("/api/whoami").status());
            assertEquals(401, instance.http.withKey(first).get("/api/whoami").status(), "the old configured key stops working");
        } finally {
            instance.close();
        }
    }
}
