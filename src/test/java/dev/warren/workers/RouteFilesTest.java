package dev.warren.workers;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files of routes/ that reuse an id are refused, and whoever held the id keeps it (the first file loaded, by name at start). */
class RouteFilesTest {

    @TempDir
    Path directory;
    private DefaultCamelContext context;
    private RouteFiles files;

    @BeforeEach
    void startCamel() throws Exception {
        context = new DefaultCamelContext();
        // a lambda, not a RouteBuilder class: Camel Main would find such a class in the ITs' package scan
        RouteBuilder.addRoutes(context, routes -> {
            routes.from("direct:api").routeId("api-publish-task").log("api");
            routes.from("direct:orders").routeId(WorkerRoutes.routeId("orders")).log("group");
        });
        context.start();
        files = new RouteFiles(context, directory);
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    private static String template(String id, String label) {
        return """
                - routeTemplate:
                    id: %s
                    parameters:
                      - name: queue
                    from:
                      uri: "direct:{{queue}}"
                      steps:
                        - log: "%s"
                """.formatted(id, label);
    }

    /** routes-tests/plain-route.yaml, the routes/ tests' fixture of an ordinary route. */
    private static String route(String id, String from) throws IOException {
        try (var in = RouteFilesTest.class.getResourceAsStream("/routes-tests/plain-route.yaml")) {
            assertNotNull(in, "fixture routes-tests/plain-route.yaml");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("@ID@", id)
                    .replace("@FROM@", from);
        }
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(directory.resolve(file), content);
    }

    private RouteFiles.FileState state(String file) {
        return files.files().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    private String templateLabel(String template) {
        var definition = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinition(template);
        return definition.getRoute().getOutputs().get(0).toString();
    }

    @Test
    void aFileReusingAWorkerGroupsRouteIdIsRefusedAndTheGroupKeepsItsRoute() throws IOException {
        write("walk.yaml", route(WorkerRoutes.routeId("orders"), "direct:walk2x"));
        files.scan();

        assertEquals("route id 'worker-orders' starts with 'worker-', which warren reserves for the routes it makes for"
                + " worker groups", state("walk.yaml").error());
        assertEquals("direct://orders", context.getRoute("worker-orders").getEndpoint().getEndpointUri());
        assertTrue(context.getRouteController().getRouteStatus("worker-orders").isStarted());
        assertNull(context.hasEndpoint("direct://walk2x"));

        Files.delete(directory.resolve("walk.yaml"));
        files.scan();
        assertEquals("direct://orders", context.getRoute("worker-orders").getEndpoint().getEndpointUri());
        assertEquals(List.of(), files.files());
    }

    @Test
    void aFileReusingOneOfWarrensRouteIdsIsRefused() throws IOException {
        write("api.yaml", route("api-publish-task", "direct:other"));
        files.scan();

        assertEquals("route id 'api-publish-task' is already one of warren's own routes", state("api.yaml").error());
        assertEquals("direct://api", context.getRoute("api-publish-task").getEndpoint().getEndpointUri());
    }

    @Test
    void aFileWithDotsInItsNameLoadsLikeAnyOther() throws IOException {
        write("orders.v2.yaml", template("orders-v2", "v2"));
        files.scan();

        assertNull(state("orders.v2.yaml").error(), "loaded: " + state("orders.v2.yaml").error());
        assertEquals(List.of("orders-v2"), state("orders.v2.yaml").templates());
    }

    @Test
    void atStartTheFileFirstByNameKeepsATemplateIdAndTheOtherIsRefused() throws IOException {
        write("b.yaml", template("log", "from b"));
        write("a.yaml", template("log", "from a"));
        files.scan();

        assertEquals(List.of("log"), state("a.yaml").templates());
        assertNull(state("a.yaml").error());
        assertEquals("template id 'log' is already defined by " + directory.resolve("a.yaml"), state("b.yaml").error());
        assertEquals(List.of(), state("b.yaml").templates());
        assertEquals("a.yaml", files.fileOf("log").orElseThrow().file());
        assertTrue(templateLabel("log").contains("from a"), templateLabel("log"));
        assertEquals(1, context.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinitions()
                .stream().filter(t -> t.getId().equals("log")).count());
    }

    @Test
    void aLaterFileCannotTakeATemplateFromTheOneLoadedFirstEvenIfItsNameComesFirst() throws IOException {
        write("log.yaml", template("log", "shipped"));
        files.scan();
        write("a-log.yaml", template("log", "copy"));
        files.scan();

        assertNotNull(state("a-log.yaml").error());
        assertEquals(definedTwice("log", "a-log.yaml", "log.yaml"), typeError("log"), "the type is in error, kept as it was");
        assertEquals("log.yaml", files.fileOf("log").orElseThrow().file());
        assertTrue(templateLabel("log").contains("shipped"), templateLabel("log"));
    }

    @Test
    void aRefusedFileLoadsOnceTheFileHoldingItsIdIsGone() throws IOException {
        write("a.yaml", template("log", "from a") + route("beat", "direct:beat-a"));
        write("b.yaml", template("log", "from b") + route("beat", "direct:beat-b"));
        files.scan();
        assertEquals(2, state("b.yaml").error().split("; ").length, state("b.yaml").error());

        Files.delete(directory.resolve("a.yaml"));
        files.scan();

        assertNull(state("b.yaml").error());
        assertEquals(List.of("log"), state("b.yaml").templates());
        assertEquals(List.of("beat"), state("b.yaml").routes());
        assertEquals("direct://beat-b", context.getRoute("beat").getEndpoint().getEndpointUri());
    }

    @Test
    void aFileRenamedBetweenTwoScansKeepsItsTypeUnderItsNewNameAndItsGroupsAreToldOnce() throws IOException {
        List<java.util.Set<String>> told = new java.util.ArrayList<>();
        files.onTemplatesChanged(told::add);
        write("r1.yaml", template("rn", "renamed"));
        files.scan();
        told.clear();

        Files.move(directory.resolve("r1.yaml"), directory.resolve("r0.yaml"));
        files.scan();

        assertNull(state("r0.yaml").error());
        assertEquals(List.of("rn"), state("r0.yaml").templates());
        assertEquals("r0.yaml", files.fileOf("rn").orElseThrow().file());
        assertNull(typeError("rn"));
        assertEquals(List.of(java.util.Set.of("rn")), told);
    }

    @Test
    void aFileChangedInTheScanWhereAnotherChangedFileGivesUpItsIdLoads() throws IOException {
        write("b.yaml", template("log", "from b"));
        files.scan();

        write("a.yaml", template("log", "from a"));
        write("b.yaml", template("mine", "b"));
        files.scan();

        assertNull(state("a.yaml").error());
        assertNull(typeError("log"));
        assertTrue(templateLabel("log").contains("from a"), templateLabel("log"));
    }

    @Test
    void aChangeThatTakesAnotherFilesIdKeepsTheFilesLastGoodVersion() throws IOException {
        write("a.yaml", template("log", "a"));
        write("b.yaml", template("mine", "b") + route("b-route", "direct:b"));
        files.scan();

        write("b.yaml", template("log", "b2") + route("b-route2", "direct:b2"));
        files.scan();

        RouteFiles.FileState b = state("b.yaml");
        assertEquals("template id 'log' is already defined by " + directory.resolve("a.yaml"), b.error());
        assertEquals(List.of("mine"), b.templates());
        assertEquals(List.of("b-route"), b.routes());
        assertNotNull(context.getRoute("b-route"));
        assertNull(context.getRoute("b-route2"));
        assertTrue(templateLabel("log").contains("a"), templateLabel("log"));
    }

    @Test
    void aFileReloadsUnderItsOwnIds() throws IOException {
        write("a.yaml", template("mine", "v1") + route("a-route", "direct:a1"));
        files.scan();
        write("a.yaml", template("mine", "v2") + route("a-route", "direct:a2"));
        files.scan();

        assertNull(state("a.yaml").error());
        assertTrue(templateLabel("mine").contains("v2"), templateLabel("mine"));
        assertEquals("direct://a2", context.getRoute("a-route").getEndpoint().getEndpointUri());
    }

    @Test
    void theTypeIsListedOnceWithItsFileAndTheRefusedFileUnderItsFileName() throws IOException {
        write("a.yaml", template("log", "from a"));
        write("log.yaml", template("log", "shipped"));
        files.scan();

        List<WorkerTypes.WorkerType> types = new WorkerTypes(context, files).all();
        assertEquals(List.of("log", "log.yaml"), types.stream().map(WorkerTypes.WorkerType::name).toList());
        assertEquals(directory.resolve("a.yaml").toString(), types.get(0).file());
        assertEquals(definedTwice("log", "a.yaml", "log.yaml"), types.get(0).error());
        assertEquals(directory.resolve("log.yaml").toString(), types.get(1).file());
        assertEquals("template id 'log' is already defined by " + directory.resolve("a.yaml"), types.get(1).error());
    }

    private String definedTwice(String template, String first, String second) {
        return "template id '" + template + "' is defined in 2 files, " + directory.resolve(first) + " and "
                + directory.resolve(second) + "; keep it in one of them";
    }

    private String typeError(String type) {
        return new WorkerTypes(context, files).find(type).orElseThrow().error();
    }

    /** The type log's error after these files were written, one scan after each group, in a directory of its own. */
    private String logErrorAfter(String name, List<List<String>> scans) throws Exception {
        Path own = Files.createDirectory(directory.resolve(name));
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            RouteFiles routeFiles = new RouteFiles(camel, own);
            for (List<String> written : scans) {
                for (String file : written) {
                    Files.writeString(own.resolve(file), template("log", file));
                }
                routeFiles.scan();
            }
            String error = new WorkerTypes(camel, routeFiles).find("log").orElseThrow().error();
            return error == null ? null : error.replace(own + java.io.File.separator, "");
        } finally {
            camel.stop();
        }
    }

    @Test
    void aTypeInTwoFilesIsInErrorNamingBothWhicheverCameFirst() throws Exception {
        String expected = "template id 'log' is defined in 2 files, a.yaml and log.yaml; keep it in one of them";
        assertEquals(expected, logErrorAfter("at-start", List.of(List.of("a.yaml", "log.yaml"))));
        assertEquals(expected, logErrorAfter("a-first", List.of(List.of("a.yaml"), List.of("log.yaml"))));
        assertEquals(expected, logErrorAfter("log-first", List.of(List.of("log.yaml"), List.of("a.yaml"))));
    }

    @Test
    void aTypeDefinedInOneFileAgainIsClearedAndItsGroupsAreToldToTakeIt() throws IOException {
        List<java.util.Set<String>> told = new java.util.ArrayList<>();
        files.onTemplatesChanged(told::add);
        write("a.yaml", template("log", "from a") + template("other", "a"));
        write("b.yaml", template("log", "from b"));
        files.scan();
        told.clear();
        assertNotNull(typeError("log"));

        write("b.yaml", template("mine", "b"));
        files.scan();

        assertNull(typeError("log"));
        assertTrue(templateLabel("log").contains("from a"), templateLabel("log"));
        assertEquals(List.of(java.util.Set.of("mine"), java.util.Set.of("log")), told);
    }

    @Test
    void aFilesPathIsWhereTheDirectoryIsConfigured() {
        assertEquals(directory.resolve("log.yaml").toString(), files.path("log.yaml"));
        assertEquals(Path.of("routes", "log.yaml").toString(), new RouteFiles(context, Path.of("routes")).path("log.yaml"));
    }
}
