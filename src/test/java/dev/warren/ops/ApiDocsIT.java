package dev.warren.ops;

import dev.warren.support.WarrenPerClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.Browser;
import dev.warren.support.Http;
import dev.warren.support.RawHttp;
import dev.warren.support.RunningWarren;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /api/openapi.json documents every verb of the REST DSL; /docs shows it with Swagger UI served by warren itself. */
class ApiDocsIT extends WarrenPerClass {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static String document;
    static JsonNode openApi;

    @BeforeAll
    static void start() throws Exception {
        Http.Response response = warren.http.get("/api/openapi.json");
        assertEquals(200, response.status(), response.body());
        document = response.body();
        openApi = MAPPER.readTree(document);
    }


    @Test
    void theDocumentIsValidOpenApi3() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertNotNull(parsed.getOpenAPI(), "parsed: " + parsed.getMessages());
        assertEquals(List.of(), parsed.getMessages(), "no validation messages");
        assertTrue(openApi.path("openapi").asText().startsWith("3."), document);
        assertEquals("warren", openApi.path("info").path("title").asText());
        assertFalse(openApi.path("info").path("version").asText().isEmpty());
    }

    @Test
    void everyVerbOfTheRestDslIsDocumentedWithItsAnswersAndProblems() {
        List<RestDefinition> rests = warren.camel().getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
        List<String> checked = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                String method = verb.asVerb().toLowerCase(Locale.ROOT);
                JsonNode operation = openApi.path("paths").path(path).path(method);
                assertFalse(operation.isMissingNode(), method + " " + path + " is in the document");
                assertFalse(operation.path("summary").asText().isEmpty(), method + " " + path + " has a summary");
                assertEquals(verb.getTo().getUri().replace("direct:", ""), operation.path("operationId").asText());
                for (String parameter : pathParameters(path)) {
                    assertTrue(operation.path("parameters").toString().contains("\"name\":\"" + parameter + "\""),
                            method + " " + path + " documents " + parameter);
                }
                if (verb.getType() != null) {
                    assertFalse(operation.path("requestBody").path("content").path("application/json").path("schema").isMissingNode(),
                            method + " " + path + " has a request schema");
                }
                JsonNode responses = operation.path("responses");
                assertTrue(responses.has("400") && responses.has("500") && responses.has("503"), method + " " + path + ": " + responses);
                boolean success = false;
                for (var answer : responses.properties()) {
                    int code = Integer.parseInt(answer.getKey());
                    if (code >= 400) {
                        assertEquals("#/components/schemas/Problem", answer.getValue().path("content")
                                .path("application/problem+json").path("schema").path("$ref").asText(),
                                method + " " + path + " " + code + " is a problem");
                    } else {
                        success = true;
                        if (code != 204) {
                            assertFalse(answer.getValue().path("content").path("application/json").path("schema").isMissingNode(),
                                    method + " " + path + " " + code + " has a schema");
                        }
                    }
                }
                assertTrue(success, method + " " + path + " names its success: " + responses);
                checked.add(method + " " + path);
            }
        }
        assertTrue(checked.size() >= 40, "all verbs: " + checked);
        assertTrue(checked.contains("post /api/queues/{queue}/tasks"), checked.toString());
    }

    @Test
    void schemasDescribeBodiesAndAnswers() {
        JsonNode schemas = openApi.path("components").path("schemas");
        assertTrue(schemas.path("TaskRequest").path("properties").has("payload"), schemas.path("TaskRequest").toString());
        assertTrue(schemas.path("TaskRequest").path("properties").has("delayMs"));
        assertTrue(schemas.path("WorkerGroupSpec").path("properties").has("retry"), schemas.path("WorkerGroupSpec").toString());
        assertTrue(schemas.path("QueueView").path("properties").has("deadLetter"));
        assertEquals("array", schemas.path("QueuePage").path("properties").path("items").path("type").asText());
        assertTrue(schemas.path("Problem").path("properties").has("errors"), schemas.path("Problem").toString());
        JsonNode limit = openApi.path("paths").path("/api/queues").path("get").path("parameters");
        assertTrue(limit.toString().contains("\"in\":\"query\"") && limit.toString().contains("\"limit\""), limit.toString());
    }

    @Test
    void docsServeSwaggerUiFromWarrenPointingAtTheDocument() {
        Http.Response page = warren.http.get("/docs");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("swagger-ui"), page.body());
        Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        List<String> found = new ArrayList<>();
        while (assets.find()) {
            String asset = assets.group(1);
            assertTrue(asset.startsWith("/"), "served by warren, not a CDN: " + asset);
            Http.Response served = warren.http.get(asset);
            assertEquals(200, served.status(), asset);
            found.add(asset);
        }
        assertTrue(found.contains("/docs/swagger-ui-bundle.js"), found.toString());
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no absolute URL: " + page.body());
        Http.Response initializer = warren.http.get("/docs/warren-initializer.js");
        assertTrue(initializer.body().contains("\"/api/openapi.json\""), initializer.body());
        for (String own : new String[] {"/docs/", "/docs/index.html", "/docs/swagger-initializer.js"}) {
            Http.Response webjars = warren.http.get(own);
            assertEquals(200, webjars.status(), own);
            assertFalse(webjars.body().contains("petstore"), "the webjar's example is not served at " + own);
        }
    }

    @Test
    void docsAskedWithoutKeyOfferEachChallengeOnItsOwnHeaderLine() {
        Http.Response anonymous = RawHttp.send(warren.port, "GET", "/docs", null, null, Map.of("Authorization", ""));
        assertEquals(401, anonymous.status(), anonymous.body());
        List<String> lines = anonymous.headers().get("www-authenticate");
        assertEquals(List.of("Bearer realm=\"warren\"", "Basic realm=\"warren\""), lines, "one line per challenge (Chromium "
                + "acts on a Basic challenge only on a line of its own); got " + lines.size() + " line(s)");
        Http.Response bearer = RawHttp.send(warren.port, "GET", "/docs", null, null, Map.of("Authorization", "Bearer wrn_unknown"));
        assertEquals(401, bearer.status(), bearer.body());
        assertEquals(List.of("Bearer realm=\"warren\""), bearer.headers().get("www-authenticate"));
    }

    @Test
    void aBrowserSignsIntoDocsWithTheKeyAsThePassword() {
        try (Browser browser = Browser.desktop()) {
            // credentials in the URL are what Chromium answers a Basic challenge with, as if typed into its dialog; the
            // page is then opened again without them (a page whose URL holds credentials may not fetch), as after a login
            browser.driver.get("http://any:" + RunningWarren.ADMIN_KEY + "@localhost:" + warren.port + "/docs");
            browser.driver.get("http://localhost:" + warren.port + "/docs");
            browser.waitForText(".swagger-ui .info .title", "warren", Duration.ofSeconds(20));
            browser.waitForElement(".swagger-ui .opblock", Duration.ofSeconds(10));
        }
    }

    @Test
    void docsAndTheirAssetsCannotBeFramedNorSniffed() {
        for (String path : new String[] {"/docs", "/docs/", "/docs/index.html", "/docs/warren-initializer.js",
                "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/favicon-32x32.png"}) {
            Http.Response served = warren.http.get(path);
            assertEquals(200, served.status(), path);
            String policy = served.header("Content-Security-Policy");
            assertNotNull(policy, path + " has a Content-Security-Policy");
            assertTrue(policy.contains("frame-ancestors 'none'"), path + ": " + policy);
            assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-eval"), path + ": " + policy);
            assertEquals("DENY", served.header("X-Frame-Options"), path);
            assertEquals("nosniff", served.header("X-Content-Type-Options"), path);
        }
    }

    private static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
