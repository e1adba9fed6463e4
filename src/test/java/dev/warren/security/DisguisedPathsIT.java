package dev.warren.security;

import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.WarrenCalls;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A path written another way ("//", escaped letters) needs the role of the path the server routes it to. */
class DisguisedPathsIT extends WarrenPerClass {

    @Test
    void aViewerCannotReachAdminPathsWrittenAnotherWay() {
        String viewer = WarrenCalls.newKey(warren, "viewer");
        for (String target : List.of("//api//keys", "/api//keys", "/%61pi/keys", "/api/%6Beys", "//api/audit",
                "/api/%61udit")) {
            Http.Response answer = RawHttp.send(warren.port, "GET", target, null, null,
                    Map.of("Authorization", "Bearer " + viewer));
            assertEquals(403, answer.status(), "GET " + target + " with a viewer key: " + answer.body());
        }
    }

    @Test
    void theKeyListShowsNothingOfTheConfiguredAdminKey() {
        Http.Response keys = warren.http.get("/api/keys");
        assertEquals(200, keys.status(), keys.body());
        String configured = keys.json().path("items").findParents("name").stream()
                .filter(key -> key.path("name").asText().equals("configured admin")).findFirst().orElseThrow()
                .path("prefix").asText();
        assertEquals("(configured)", configured, keys.body());
        org.junit.jupiter.api.Assertions.assertFalse(keys.body().contains(dev.warren.support.RunningWarren.ADMIN_KEY
                .substring(4, 10)), keys.body());
    }

    @Test
    void aScopedKeyCannotReachAnotherQueueWrittenAnotherWay() {
        warren.http.put("/api/queues/other-q", "{}");
        String scoped = WarrenCalls.newKey(warren, "operator", "mine.*");
        for (String target : List.of("//api//queues//other-q//purge", "/api/queues/%6Fther-q/purge")) {
            Http.Response answer = RawHttp.send(warren.port, "POST", target, null, null,
                    Map.of("Authorization", "Bearer " + scoped));
            assertEquals(403, answer.status(), "POST " + target + " with a key for mine.*: " + answer.body());
        }
        dev.warren.support.Queues.deleteQueue(warren, "other-q");
    }
}
