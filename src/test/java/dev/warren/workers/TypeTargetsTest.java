package dev.warren.workers;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether a worker type takes a target: it declares "target", or its steps call worker.prepareHttpCall. */
class TypeTargetsTest {

    private static DefaultCamelContext context;

    @BeforeAll
    static void loadTypes() throws Exception {
        context = new DefaultCamelContext();
        for (String file : new String[] {"http.yaml", "log.yaml", "scraper.yaml"}) {
            add(Files.readString(Path.of("routes", file)));
        }
        add("""
                - routeTemplate:
                    id: own-http
                    parameters:
                      - name: queue
                    from:
                      uri: "direct:{{queue}}"
                      steps:
                        - choice:
                            when:
                              - simple: "${body} != null"
                                steps:
                                  - bean: {ref: worker, method: prepareHttpCall}
                                  - to: "http://placeholder.invalid"
                - routeTemplate:
                    id: bean-endpoint
                    from:
                      uri: "direct:b"
                      steps:
                        - to: "bean:worker?method=prepareHttpCall"
                - routeTemplate:
                    id: quiet
                    from:
                      uri: "direct:q"
                      steps:
                        - bean: {ref: worker, method: complete}
                """);
    }

    private static void add(String yaml) throws Exception {
        for (var builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(ResourceHelper.fromString("t.yaml", yaml))) {
            context.addRoutes(builder);
        }
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static RouteTemplateDefinition type(String id) {
        return context.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinition(id);
    }

    @Test
    void theShippedTypesThatDeliverTakeATarget() {
        assertTrue(WorkerTypes.takesTarget(type("http")));
        assertTrue(WorkerTypes.takesTarget(type("scraper")));
    }

    @Test
    void logTakesNoTarget() {
        assertFalse(WorkerTypes.takesTarget(type("log")));
        assertFalse(WorkerTypes.takesTarget(type("quiet")));
    }

    @Test
    void aTypeCallingPrepareHttpCallTakesATargetWithoutDeclaringIt() {
        assertTrue(WorkerTypes.takesTarget(type("own-http")));
        assertTrue(WorkerTypes.takesTarget(type("bean-endpoint")));
    }
}
