package dev.warren.config;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.WarrenProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * warren started as a process, configured as docs/configuration.md says: a property as an environment variable or -D
 * has one value everywhere warren uses it, and a bad value stops start-up at once, naming the key.
 */
class StartUpConfigurationIT {

    @Test
    void thePortOfCamelServerPortAsAnEnvironmentVariableServesTheApiAndTheObserveEndpoints() throws Exception {
        int port = RunningWarren.freePort();
        try (WarrenProcess warren = WarrenProcess.start(Map.of(), Map.of("CAMEL_SERVER_PORT", String.valueOf(port)))) {
            assertServesEverythingOnOnly(warren, port);
        }
    }

    @Test
    void minusDWinsOverTheEnvironmentVariable() throws Exception {
        int port = RunningWarren.freePort();
        int ignored = RunningWarren.freePort();
        try (WarrenProcess warren = WarrenProcess.start(Map.of("camel.server.port", String.valueOf(port)),
                Map.of("CAMEL_SERVER_PORT", String.valueOf(ignored)))) {
            assertServesEverythingOnOnly(warren, port);
        }
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Map.of("warren.jobs.retention", "7d"), Map.of(),
                        "warren.jobs.retention: '7d' is not an ISO-8601 duration such as P7D or PT30S"),
                Arguments.of(Map.of("warren.schedules.tick-ms", "fast"), Map.of(),
                        "warren.schedules.tick-ms: 'fast' is not a whole number"),
                Arguments.of(Map.of(), Map.of("WARREN_QUEUES_DEFAULT_TYPE", "bogus"),
                        "warren.queues.default-type: 'bogus' is not one of quorum, classic"),
                Arguments.of(Map.of(), Map.of("WARREN_LOG_FORMAT", "jsn"),
                        "warren.log.format: 'jsn' is not one of text, json"),
                Arguments.of(Map.of(), Map.of("CAMEL_SERVER_PORT", "http"),
                        "camel.server.port: 'http' is not a port number from 1 to 65535"),
                // secrets: named, never quoted back (the check below also looks for them in the output)
                Arguments.of(Map.of("warren.rabbitmq.uri", "amqp://guest:SECRETpw@localhost:notaport"), Map.of(),
                        "warren.rabbitmq.uri is not a URI such as amqp://"),
                Arguments.of(Map.of(), Map.of("WARREN_DELIVERY_SIGNING_SECRET", "whsec_SECRET!!"),
                        "warren.delivery.signing-secret is not a signing secret"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueStopsStartUpAtOnceNamingTheKey(Map<String, String> systemProperties, Map<String, String> environment,
                                                 String message) throws Exception {
        try (WarrenProcess warren = WarrenProcess.start(systemProperties, environment)) {
            assertTrue(warren.process.waitFor(60, TimeUnit.SECONDS), "warren exits; its output: " + warren.output());
            assertNotEquals(0, warren.process.exitValue(), "a failed start exits non-zero: " + warren.output());
            assertTrue(warren.output().contains("warren did not start: " + message), warren.output());
            assertFalse(warren.output().contains("SECRET"), "no secret in the output: " + warren.output());
        }
    }

    /** The API, health, info and warren's error answers on this port, and warren listening on no other. */
    private static void assertServesEverythingOnOnly(WarrenProcess warren, int port) throws Exception {
        Http http = new Http("http://localhost:" + port);
        await("warren ready on " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    assertTrue(warren.process.isAlive(), warren.output());
                    return http.get("/observe/health/ready").status() == 200;
                });
        Http.Response queues = http.get("/api/queues");
        assertEquals(200, queues.status(), queues.body());
        Http.Response info = http.get("/observe/info");
        assertEquals(200, info.status(), info.body());
        assertEquals("warren", info.json().path("name").asText(), "warren's info page: " + info.body());
        Http.Response dotSegment = http.get("/api/queues/%2e%2e");
        assertEquals(400, dotSegment.status(), "warren's own error answers: " + dotSegment.body());
        assertTrue(dotSegment.contentType().startsWith("application/problem+json"), dotSegment.contentType());
        assertEquals(Set.of(port), warren.listeningPorts(), "the ports warren listens on");
    }
}
