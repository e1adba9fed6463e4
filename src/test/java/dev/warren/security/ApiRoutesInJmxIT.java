package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With warren.jmx.api-routes=true the API's routes are MBeans again, and Jolokia still lets no one stop them. */
class ApiRoutesInJmxIT {

    @Test
    void apiRoutesRegisteredOnRequestCannotBeStoppedSoAPublishNeverMeetsAStoppedRoute() throws Exception {
        try (RunningWarren warren = RunningWarren.start(Map.of("warren.jmx.api-routes", "true"))) {
            String queue = declaredQueue(warren, "jolokia-api");
            try {
                for (String route : JolokiaPolicyIT.API_ROUTES) {
                    String mbean = "org.apache.camel:context=warren,type=routes,name=\"" + route + "\"";
                    for (String operation : List.of("stop()", "stop", "suspend()", "stop(long)", "remove()")) {
                        JsonNode answer = jolokia(warren, Map.of("type", "exec", "mbean", mbean, "operation", operation,
                                "arguments", operation.contains("long") ? List.of(1) : List.of()));
                        assertEquals(403, answer.path("status").asInt(), route + " " + operation + ": " + answer);
                    }
                    JsonNode state = jolokia(warren, Map.of("type", "read", "mbean", mbean, "attribute", "State"));
                    assertEquals("Started", state.path("value").asText(), route + ": " + state);
                }
                publish(warren, queue, Map.of("n", 1));
                assertEquals(1, TestBroker.get().ready(queue), "publishing works");
            } finally {
                TestBroker.get().deleteQueues(queue);
            }
        }
    }

    private static JsonNode jolokia(RunningWarren warren, Map<String, Object> request) throws Exception {
        Http.Response response = warren.http.post("/observe/jolokia/", Http.json(request));
        assertEquals(200, response.status(), "Jolokia answers in its body: " + response.body());
        return new ObjectMapper().readTree(response.body());
    }
}
