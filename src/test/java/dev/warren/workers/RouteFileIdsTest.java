package dev.warren.workers;

import dev.warren.kafka.KafkaStepRoutes;
import dev.warren.kafka.KafkaWorkerGroups;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ids a file of routes/ may define: none warren reserves for its groups, none another file or warren holds. */
class RouteFileIdsTest {

    private static List<String> refusals(List<String> templates, List<String> routes) {
        return RouteFileIds.refusals(new RouteFileIds.Defined(templates, routes),
                Map.of("log", "defined by routes/log.yaml"),
                Map.of("api-publish-task", "one of warren's own routes", "heartbeat", "defined by routes/beat.yaml"));
    }

    @Test
    void newIdsAreTaken() {
        assertEquals(List.of(), refusals(List.of("my-type"), List.of("my-route")));
    }

    @Test
    void aRouteIdOfAWorkerGroupIsRefusedEvenWhenNoSuchGroupRunsYet() {
        assertEquals(List.of("route id 'worker-walk2-orders' starts with 'worker-', which warren reserves for the routes"
                + " it makes for worker groups"), refusals(List.of(), List.of("worker-walk2-orders")));
    }

    @Test
    void aTemplateIdStartingWithWorkerIsRefused() {
        assertEquals(1, refusals(List.of("worker-type"), List.of()).size());
    }

    @Test
    void theReservedPrefixesCoverEveryRouteWarrenMakesForAGroup() {
        for (String id : List.of(WorkerRoutes.routeId("orders"), "trial-" + WorkerRoutes.routeId("orders"),
                KafkaWorkerGroups.routeId("clicks"), KafkaStepRoutes.routeId("clicks"), "trial-" + KafkaStepRoutes.routeId("clicks"))) {
            assertEquals(1, refusals(List.of(), List.of(id)).size(), id);
        }
    }

    @Test
    void anIdWarrenOrAnotherFileHoldsIsRefusedNamingItsHolder() {
        assertEquals(List.of("template id 'log' is already defined by routes/log.yaml",
                        "route id 'api-publish-task' is already one of warren's own routes",
                        "route id 'heartbeat' is already defined by routes/beat.yaml"),
                refusals(List.of("log"), List.of("api-publish-task", "heartbeat")));
    }

    @Test
    void templatesAndRoutesAreSeparateKindsOfIds() {
        // Camel keeps them apart: a route may share a template's id without replacing anything
        assertEquals(List.of(), refusals(List.of("heartbeat"), List.of("log")));
    }

    @Test
    void anIdTwiceInOneFileIsRefused() {
        List<String> refusals = refusals(List.of("a", "a"), List.of("r", "r"));
        assertEquals(2, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).contains("'a' is defined twice"), refusals.toString());
    }

    @Test
    void aTemplateInSeveralFilesIsAnErrorNamingEachOfThem() {
        assertEquals(java.util.Optional.empty(), RouteFileIds.definedInSeveralFiles("log", List.of("routes/log.yaml")));
        assertEquals("template id 'log' is defined in 2 files, routes/a-log.yaml and routes/log.yaml; keep it in one"
                + " of them", RouteFileIds.definedInSeveralFiles("log", List.of("routes/a-log.yaml", "routes/log.yaml"))
                .orElseThrow());
        assertEquals("template id 'log' is defined in 3 files, a.yaml, b.yaml and c.yaml; keep it in one of them",
                RouteFileIds.definedInSeveralFiles("log", List.of("a.yaml", "b.yaml", "c.yaml")).orElseThrow());
    }
}
