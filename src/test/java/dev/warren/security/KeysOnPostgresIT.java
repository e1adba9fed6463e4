package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.warren.support.WarrenCalls.newKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys and the audit log on PostgreSQL, as in production: the same migration and statements as on H2. */
class KeysOnPostgresIT {

    @Test
    void keysWorkAndRequestsAreAuditedOnPostgres() throws Exception {
        try (RunningWarren warren = RunningWarren.start(TestStore.postgres().freshSchema())) {
            String key = newKey(warren, "operator", "pg.*");
            JsonNode me = warren.http.withKey(key).get("/api/whoami").json();
            assertEquals("operator", me.path("role").asText(), me.toString());
            String queue = "pg." + TestBroker.uniqueName("keys");
            assertEquals(201, warren.http.withKey(key).put("/api/queues/" + queue, "{}").status());
            assertEquals(403, warren.http.withKey(key).put("/api/queues/" + TestBroker.uniqueName("other"), "{}").status());
            await("audited").atMost(Duration.ofSeconds(10)).until(() -> warren.http.get("/api/audit").json().path("items")
                    .findValuesAsText("path").contains("/api/queues/" + queue));
            await("last use recorded").atMost(Duration.ofSeconds(10)).until(() -> warren.http.get("/api/keys").json()
                    .path("items").findValues("lastUsedAt").stream().anyMatch(v -> !v.isNull()));
            assertEquals(204, warren.http.delete("/api/queues/" + queue).status());
        }
    }
}
