package dev.warren.security;

import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.security.SecurityFixtures.put;
import static dev.warren.support.Problems.assertInvalid;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A target URL whose query names camel-http endpoint options (customHostHeader, skipRequestHeaders, httpMethod,
 * httpClientConfigurer=#class:..., RAW(...), placeholders): the query reaches the target as a plain query string,
 * and no option is applied, no object made and no placeholder resolved.
 */
class TargetUrlOptionsIT extends WarrenPerClass {

    private String queue;
    private TargetServer target;

    @BeforeEach
    void start() {
        queue = declaredQueue(warren, "url-options");
        target = TargetServer.start();
        ConstructionCanary.MADE.set(0);
    }

    @AfterEach
    void stop() {
        target.close();
        deleteQueue(warren, queue);
    }

    /** Delivers one task to the URL and returns the request the target received. */
    private TargetServer.Request deliverTo(String url) {
        putGroup(warren, queue, group("http", 1, url));
        String id = publish(warren, queue, Map.of("n", 1));
        await("the task at the target").atMost(Duration.ofSeconds(15)).until(() -> !target.attemptsOf(id).isEmpty());
        return target.attemptsOf(id).get(0);
    }

    @Test
    void endpointOptionsInTheQueryReachTheTargetAsAPlainQueryStringAndChangeNothing() {
        String query = "customHostHeader=evil.example&skipRequestHeaders=true&httpMethod=DELETE"
                + "&throwExceptionOnFailure=true&bridgeEndpoint=true&followRedirects=true";
        TargetServer.Request request = deliverTo(target.url("/hook") + "?" + query);

        assertEquals(query, request.query(), "the query as sent, not read as options");
        assertEquals("POST", request.method(), "httpMethod=DELETE was not applied");
        assertEquals("/hook", request.path());
        assertEquals("127.0.0.1:" + target.url().split(":")[2].split("/")[0], request.header("Host"),
                "the Host header names the target, not customHostHeader");
        assertNotNull(request.webhookId(), "skipRequestHeaders was not applied: warren's headers were sent");
        assertEquals("{\"n\":1}", request.body());
    }

    @Test
    void aClassReferenceInTheQueryMakesNoObject() {
        String query = "httpClientConfigurer=%23class:dev.warren.security.ConstructionCanary"
                + "&httpBinding=%23class:dev.warren.security.ConstructionCanary(%27x%27)";
        TargetServer.Request request = deliverTo(target.url("/hook") + "?" + query);

        assertEquals(query, request.query(), "the query as sent");
        assertEquals(0, ConstructionCanary.MADE.get(), "no object of the named class was made");
    }

    @Test
    void rawAndPlaceholderTextInTheUrlIsSentAsItIs() {
        String query = "a=RAW(x&y)&b=%7B%7Benv:HOME%7D%7D&c=$%7Bsys:user.home%7D";
        TargetServer.Request request = deliverTo(target.url("/hook/%7B%7Bcamel.server.port%7D%7D") + "?" + query);

        assertEquals(query, request.query(), "RAW() and encoded placeholders stay literal");
        assertEquals("/hook/{{camel.server.port}}", request.path(), "the placeholder in the path was not resolved");
    }

    @Test
    void aRawHashOrBraceInTheUrlIsRefusedWithA400() {
        for (String url : List.of(target.url("/hook") + "?httpClientConfigurer=#class:dev.warren.security.ConstructionCanary",
                target.url("/hook") + "?x={{env:HOME}}", target.url("/{{camel.server.port}}"))) {
            assertInvalid(put(warren, queue, group("http", 1, url)), "target.url");
        }
        assertEquals(0, ConstructionCanary.MADE.get(), "no object of the named class was made");
        assertEquals(List.of(), target.requests(), "nothing reached the target");
    }

    @Test
    void anUpperCaseSchemeIsTheSameTarget() {
        TargetServer.Request request = deliverTo(target.url("/hook").replace("http://", "HTTP://"));
        assertEquals("/hook", request.path());
    }

    @Test
    void aTargetHeaderThatWouldSteerCamelOrThatWarrenSetsIsRefusedWithA400() {
        for (String header : List.of("CamelHttpUri", "CamelHttpQuery", "camelHttpPath", "CamelHttpMethod",
                "webhook-id", "Webhook-Signature", "X-Warren-Queue", "x-warren-attempt", "Content-Type", "accept-encoding")) {
            Map<String, Object> targetSpec = new LinkedHashMap<>();
            targetSpec.put("url", target.url("/hook"));
            targetSpec.put("headers", Map.of(header, "http://169.254.169.254/"));
            Map<String, Object> spec = group("http", 1, null);
            spec.put("target", targetSpec);
            assertInvalid(warren.http.put("/api/queues/" + queue + "/workers", Http.json(spec)), "target.headers." + header);
        }
        assertEquals(List.of(), target.requests(), "nothing reached the target");
    }
}
