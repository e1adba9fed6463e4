package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.warren.security.SecurityFixtures.broker;
import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.security.SecurityFixtures.put;
import static dev.warren.security.SecurityFixtures.with;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group's "parameters" are substituted into its type's route as text, so a value that Camel could read as more
 * than text (a component scheme, endpoint options, a placeholder, an expression, a bean or class reference) is a
 * 400 naming the field: no file is written, no socket is called, no secret is read. A plain token reaches the
 * route as it is. Parameters the type does not declare, and those warren sets itself, are refused too.
 */
class GroupParameterInjectionIT {

    static Path routes;
    static RunningWarren warren;

    private String queue;
    private TargetServer target;
    private TargetServer listener;
    private Path drop;

    @BeforeAll
    static void start() throws Exception {
        routes = SecurityFixtures.routesWithLabelledType();
        warren = SecurityFixtures.warrenOn(routes);
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

    @BeforeEach
    void declare() throws IOException {
        queue = declaredQueue(warren, "parameters");
        target = TargetServer.start();
        listener = TargetServer.start();
        drop = Files.createTempDirectory("warren-drop");
        ConstructionCanary.MADE.set(0);
    }

    @AfterEach
    void delete() throws IOException {
        target.close();
        listener.close();
        deleteQueue(warren, queue);
        try (Stream<Path> files = Files.list(drop)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(drop);
    }

    private Map<String, Object> labelled(Map<String, String> parameters) {
        return with(group("labelled", 1, target.url("/hook")), "parameters", parameters);
    }

    @Test
    void aHostileValueIsRefusedAndNothingIsWrittenCalledOrMade() throws IOException {
        String steal = listener.url("/steal");
        List<String> values = List.of(
                "file:" + drop + "?fileName=pwned",
                "x&fileName=" + drop + "/pwned",
                "INFO&showAll=true",
                "{{env:HOME}}",
                "{{warren.store.password}}",
                "${sys:user.home}",
                "${env:PATH}",
                "#class:dev.warren.security.ConstructionCanary",
                "#bean:worker",
                "RAW(x&y)",
                "x?level=OFF",
                steal,
                "http:" + steal.substring("http://".length()),
                "../" + routes.getFileName(),
                "");
        for (String value : values) {
            assertInvalid(put(warren, queue, labelled(Map.of("label", value))), "parameters.label");
            assertInvalid(put(warren, queue, labelled(Map.of("level", value))), "parameters.level");
        }
        assertEquals(0, broker().consumers(queue), "no group was made");
        try (Stream<Path> files = Files.list(drop)) {
            assertEquals(List.of(), files.toList(), "no file was written");
        }
        try (Stream<Path> files = Files.list(routes)) {
            assertEquals(4, files.count(), "no route file was added");
        }
        assertEquals(List.of(), listener.requests(), "the listening socket heard nothing");
        assertEquals(0, ConstructionCanary.MADE.get(), "no object was made");
    }

    @Test
    void theScraperSchemeIsHttpOrHttpsOnly() {
        for (String scheme : List.of("file", "file:" + drop + "?fileName=pwned", "log", "spring-rabbitmq", "ftp",
                "{{env:HOME}}", "http://127.0.0.1:1/x?")) {
            assertInvalid(put(warren, queue, with(group("scraper", 1, target.url("/reports")), "parameters",
                    Map.of("scheme", scheme))), "parameters.scheme");
        }
        assertEquals(0, broker().consumers(queue), "no group was made");
    }

    @Test
    void aPlainValueReachesTheRouteAsText() {
        putGroup(warren, queue, labelled(Map.of("label", "release-2.1_beta", "level", "DEBUG")));
        String id = publish(warren, queue, Map.of("n", 1));

        await("the task at the target").atMost(Duration.ofSeconds(15)).until(() -> !target.attemptsOf(id).isEmpty());
        assertEquals("release-2.1_beta", target.attemptsOf(id).get(0).body(), "the label, as given");
    }

    @Test
    void aParameterTheTypeDoesNotDeclareIsRefusedNamingIt() {
        JsonNode problem = assertInvalid(put(warren, queue, labelled(Map.of("uri", "x"))), "parameters.uri");
        assertTrue(problem.toString().contains("label"), "the type's parameters are listed: " + problem);
        assertInvalid(put(warren, queue, with(group("http", 1, target.url()), "parameters", Map.of("scheme", "http"))),
                "parameters.scheme");
    }

    @Test
    void aParameterWarrenSetsItselfIsRefused() {
        for (String name : List.of("queue", "consumers", "prefetch", "target", "targetUrl")) {
            assertInvalid(put(warren, queue, labelled(Map.of(name, "x"))), "parameters." + name);
        }
        assertFalse(broker().consumers(queue) > 0, "no group was made");
    }

    @Test
    void aQueueNameCannotCarryTemplateText() {
        for (String name : List.of("q{{env:HOME}}", "q${body}", "q:x", "q?x=y", "q&x=y", "q#x")) {
            int status = warren.http.put("/api/queues/" + java.net.URLEncoder.encode(name,
                    java.nio.charset.StandardCharsets.UTF_8), "{}").status();
            assertTrue(status == 400 || status == 404, name + " answered " + status);
        }
    }
}
