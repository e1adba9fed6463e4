package dev.warren.routes;

import static dev.warren.support.WarrenCalls.group;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the routes/ tests share: warren started on a temporary copy of routes/ that the tests edit as an operator
 * would, the fixture files of src/test/resources/routes-tests, and reading GET /api/worker-types.
 */
final class RoutesFixtures {

    /** How often the tests' warren looks at routes/. */
    static final String RELOAD_INTERVAL_MS = "300";
    /** "Within a few seconds", with room for a loaded build machine. */
    static final Duration RELOAD_WITHIN = Duration.ofSeconds(10);

    private RoutesFixtures() {
    }

    static TestBroker broker() {
        return TestBroker.get();
    }

    /** A temporary directory holding a copy of the shipped routes/ files. */
    static Path copyOfShippedRoutes() throws IOException {
        Path copy = Files.createTempDirectory("warren-routes");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.yaml")) {
            for (Path file : files) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** warren on this routes/ directory, checking it for changes every RELOAD_INTERVAL_MS. */
    static RunningWarren startOn(Path routes) throws Exception {
        // the test site listens on 127.0.0.1:{port}, so scraper tasks name a port
        return RunningWarren.start(Map.of("warren.routes.directory", routes.toString(),
                "warren.routes.reload-interval-ms", RELOAD_INTERVAL_MS, "warren.delivery.scraper-allow-port", "true"));
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Writes a file of routes/ in one step (written aside, then renamed), as an editor saving it would, so that
     * warren never reads half a file.
     */
    static void writeRouteFile(Path routes, String file, String content) {
        try {
            Path aside = routes.resolve("." + file + ".tmp");
            Files.writeString(aside, content, StandardCharsets.UTF_8);
            Files.move(aside, routes.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRouteFile(Path routes, String file) {
        try {
            Files.delete(routes.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file of routes/ that a test may have deleted already. */
    static void deleteRouteFileIfPresent(Path routes, String file) {
        if (Files.exists(routes.resolve(file))) {
            deleteRouteFile(routes, file);
        }
    }

    /** A fixture of src/test/resources/routes-tests with each @KEY@ replaced by its value. */
    static String fixture(String name, Map<String, String> values) {
        try (InputStream in = RoutesFixtures.class.getResourceAsStream("/routes-tests/" + name)) {
            assertNotNull(in, "fixture routes-tests/" + name);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("@" + value.getKey() + "@", value.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** routes-tests/versioned-http.yaml: an http copy with this id whose requests carry X-Version: version. */
    static String versionedHttp(String id, String version, String extraStep) {
        return fixture("versioned-http.yaml", Map.of("ID", id, "VERSION", version, "EXTRA_STEP", extraStep));
    }

    /** GET /api/worker-types, asserting 200. */
    static List<JsonNode> workerTypes(RunningWarren warren) {
        Http.Response response = warren.http.get("/api/worker-types");
        assertEquals(200, response.status(), "GET /api/worker-types: " + response.body());
        JsonNode body = response.json();
        assertNotNull(body, "GET /api/worker-types answers JSON: " + response.body());
        List<JsonNode> types = new ArrayList<>();
        (body.isArray() ? body : body.path("items")).forEach(types::add);
        return types;
    }

    /** The entry of GET /api/worker-types named so, or null when none is. */
    static JsonNode workerType(RunningWarren warren, String name) {
        return workerTypes(warren).stream().filter(t -> name.equals(t.path("name").asText())).findFirst().orElse(null);
    }

    /** The parameters of a worker type entry by name. */
    static Map<String, JsonNode> parameters(JsonNode type) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        type.path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p));
        return parameters;
    }

    /** Waits until GET /api/worker-types lists a type of this name without error; returns its entry. */
    static JsonNode awaitType(RunningWarren warren, String name) {
        await("worker type " + name + " listed without error").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode type = workerType(warren, name);
                    return type != null && type.path("error").isNull();
                });
        return workerType(warren, name);
    }




    /** A group body: count consumers of this type, delivering to url when it is not null. */
    static Map<String, Object> groupOf(String type, int count, String url) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", type);
        if (url != null) {
            spec.put("target", Map.of("url", url));
        }
        return spec;
    }




    /** GET /api/jobs/{id}, asserting 200. */
    static JsonNode job(RunningWarren warren, String id) {
        Http.Response response = warren.http.get("/api/jobs/" + id);
        assertEquals(200, response.status(), "GET job " + id + ": " + response.body());
        return response.json();
    }

    /** Waits until the job has this status; returns its view. */
    static JsonNode awaitJob(RunningWarren warren, String id, String status, Duration within) {
        await("job " + id + " " + status).atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(job(warren, id).path("status").asText()));
        return job(warren, id);
    }


    /** Waits until the queue has no ready message and its group nothing in flight. */
    static void awaitDrained(RunningWarren warren, String queue, Duration within) {
        await(queue + " drained").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> broker().ready(queue) == 0 && group(warren, queue).path("inFlight").asLong() == 0);
    }

    /**
     * Writes version 1 of a versioned-http type to this file and runs a group of count consumers of it on the queue,
     * delivering to the target; returns once its consumers are at the broker.
     */
    static void groupOnNewType(RunningWarren warren, Path routes, String file, String type, String queue, int count,
                               dev.warren.support.TargetServer target) {
        writeRouteFile(routes, file, versionedHttp(type, "1", ""));
        awaitType(warren, type);
        dev.warren.support.WarrenCalls.putGroup(warren, queue, groupOf(type, count, target.url()));
        dev.warren.support.WarrenCalls.awaitConsumers(queue, count, Duration.ofSeconds(5));
    }

    /** Waits for the task at the target and asserts it came from the template version given (versioned-http.yaml). */
    static void assertDelivered(RunningWarren warren, dev.warren.support.TargetServer target, String id, String version) {
        await("task " + id + " delivered").atMost(Duration.ofSeconds(10)).until(() -> !target.attemptsOf(id).isEmpty());
        assertEquals(version, target.attemptsOf(id).get(0).header("X-Version"),
                "task " + id + " went through version " + version + " of the type");
        awaitJob(warren, id, "finished", Duration.ofSeconds(5));
    }

    /** Asserts the REST API still answers: the health check and a listing. */
    static void assertApiAnswers(RunningWarren warren) {
        Http.Response health = warren.http.get("/observe/health");
        assertEquals(200, health.status(), "GET /observe/health: " + health.body());
        Http.Response queues = warren.http.get("/api/queues");
        assertEquals(200, queues.status(), "GET /api/queues: " + queues.body());
    }
}
