package dev.warren.config;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.WarrenProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren started as a process with its admin key in a file, as a container secret gives it. */
class AdminKeyFileIT {

    private static final String FILE_KEY = "wrn_from-the-key-file-0123456789abcdefghij";
    private static final String DIRECT_KEY = "wrn_given-directly-0123456789abcdefghijklm";

    /** No admin key as -D: it comes from the environment alone. */
    private static Map<String, String> noAdminKeyProperty(int port) {
        Map<String, String> properties = new HashMap<>();
        properties.put("warren.auth.admin-key", null);
        properties.put("camel.server.port", String.valueOf(port));
        return properties;
    }

    private static Path keyFile(String content) throws Exception {
        return Files.writeString(Files.createTempFile("admin-key", ""), content);
    }

    @Test
    void aKeyFileEndingInALineBreakGivesTheAdminKey() throws Exception {
        int port = RunningWarren.freePort();
        // as `echo $KEY > file` writes it
        Path file = keyFile(FILE_KEY + "\n");
        try (WarrenProcess warren = WarrenProcess.start(noAdminKeyProperty(port),
                Map.of("WARREN_AUTH_ADMIN_KEY_FILE", file.toString()))) {
            Http http = ready(warren, port);
            assertEquals(200, http.withKey(FILE_KEY).get("/api/keys").status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WARREN_AUTH_ADMIN_KEY", "WARREN_ADMIN_KEY"})
    void aKeyGivenDirectlyWinsOverTheFile(String variable) throws Exception {
        int port = RunningWarren.freePort();
        Path file = keyFile(FILE_KEY + "\n");
        try (WarrenProcess warren = WarrenProcess.start(noAdminKeyProperty(port),
                Map.of("WARREN_AUTH_ADMIN_KEY_FILE", file.toString(), variable, DIRECT_KEY))) {
            Http http = ready(warren, port);
            assertEquals(200, http.withKey(DIRECT_KEY).get("/api/keys").status());
            assertEquals(401, http.withKey(FILE_KEY).get("/api/keys").status());
        }
    }

    @Test
    void anEmptyVariableCountsAsNotSetSoTheOlderNameStillGivesTheKey() throws Exception {
        int port = RunningWarren.freePort();
        // a compose file's `WARREN_AUTH_ADMIN_KEY: ${ADMIN_KEY}` with ADMIN_KEY unset
        try (WarrenProcess warren = WarrenProcess.start(noAdminKeyProperty(port),
                Map.of("WARREN_AUTH_ADMIN_KEY", "", "WARREN_ADMIN_KEY", DIRECT_KEY))) {
            Http http = ready(warren, port);
            assertEquals(200, http.withKey(DIRECT_KEY).get("/api/keys").status());
        }
    }

    @Test
    void aKeyFileOfTwoLinesStopsStartUpNamingTheKeyNotItsContent() throws Exception {
        Path file = keyFile(FILE_KEY + "\nsecond line\n");
        try (WarrenProcess warren = WarrenProcess.start(noAdminKeyProperty(RunningWarren.freePort()),
                Map.of("WARREN_AUTH_ADMIN_KEY_FILE", file.toString()))) {
            assertTrue(warren.process.waitFor(60, TimeUnit.SECONDS), "warren exits; its output: " + warren.output());
            assertNotEquals(0, warren.process.exitValue(), warren.output());
            assertTrue(warren.output().contains("warren did not start: warren.auth.admin-key: the content of "
                    + "warren.auth.admin-key-file is more than one line"), warren.output());
            assertFalse(warren.output().contains(FILE_KEY), "the key is not logged: " + warren.output());
        }
    }

    private static Http ready(WarrenProcess warren, int port) {
        Http http = new Http("http://localhost:" + port);
        await("warren ready on " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    assertTrue(warren.process.isAlive(), warren.output());
                    return http.get("/observe/health/ready").status() == 200;
                });
        return http;
    }
}
