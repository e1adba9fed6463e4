package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.processor.DelegateSyncProcessor;
import org.apache.camel.support.service.ServiceHelper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves Camel's OpenAPI document of the REST DSL, corrected ({@link OpenApiCorrections}) and with warren's errors
 * as application/problem+json (Camel's reader gives every response the verb's media type). The document is built
 * once, at the first request for it, not at start-up (where Camel's processor would build it, a sixth of the start's
 * CPU): the REST DSL does not change while warren runs. Camel uses this factory because it is the only one in the
 * registry.
 */
public final class OpenApiDocument implements RestApiProcessorFactory {

    static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

    private final RestApiProcessorFactory camel = new OpenApiRestApiProcessorFactory();

    @Override
    public Processor createApiProcessor(CamelContext context, String contextPath, RestConfiguration configuration,
                                        Map<String, Object> parameters) throws Exception {
        return new DelegateSyncProcessor(exchange -> { }) {
            private volatile JsonNode corrected;
            private volatile String correctedText;
            private volatile Processor built;

            /** Camel's processor, made and started at the first request: it renders the document as it starts. */
            private Processor camelProcessor() throws Exception {
                if (built == null) {
                    synchronized (this) {
                        if (built == null) {
                            Processor made = camel.createApiProcessor(context, contextPath, configuration, parameters);
                            ServiceHelper.startService(made);
                            built = made;
                        }
                    }
                }
                return built;
            }

            @Override
            protected void doStop() throws Exception {
                ServiceHelper.stopService(built);
                super.doStop();
            }

            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    String prefix = exchange.getMessage().getHeader(FORWARDED_PREFIX, String.class);
                    camelProcessor().process(exchange);
                    String document = exchange.getMessage().getBody(String.class);
                    if (document != null && document.startsWith("{")) {
                        exchange.getMessage().setBody(served(document, prefix));
                    }
                } catch (Exception e) {
                    exchange.setException(e);
                }
                callback.done(true);
                return true;
            }

            private String served(String document, String prefix) throws Exception {
                if (corrected == null) {
                    JsonNode built = OpenApiCorrections.apply(withProblemMediaType(document),
                            NullableFields.of(restModels(context)));
                    correctedText = Json.MAPPER.writeValueAsString(built);
                    corrected = built;
                }
                String server = OpenApiCorrections.serverUrl(prefix);
                if (server.equals("/")) {
                    return correctedText;
                }
                JsonNode copy = corrected.deepCopy();
                ((ObjectNode) copy.path("servers").get(0)).put("url", server);
                return Json.MAPPER.writeValueAsString(copy);
            }
        };
    }

    /** The classes the REST DSL's verbs name as bodies and answers, from which the document's schemas come. */
    static List<Class<?>> restModels(CamelContext context) throws ClassNotFoundException {
        List<String> names = new ArrayList<>();
        for (RestDefinition rest : context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                names.add(verb.getType());
                names.add(verb.getOutType());
                verb.getResponseMsgs().forEach(response -> names.add(response.getResponseModel()));
            }
        }
        List<Class<?>> models = new ArrayList<>();
        for (String name : names) {
            if (name != null) {
                models.add(context.getClassResolver().resolveMandatoryClass(name.replace("[]", "")));
            }
        }
        return models;
    }

    /** The document with each 4xx and 5xx response's application/json content moved to application/problem+json. */
    static JsonNode withProblemMediaType(String document) throws java.io.IOException {
        JsonNode root = Json.MAPPER.readTree(document);
        root.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses").properties()
                .forEach(response -> {
                    if (response.getKey().matches("[45]\\d\\d") && response.getValue().path("content") instanceof ObjectNode content
                            && content.has("application/json")) {
                        content.set(Problem.MEDIA_TYPE, content.remove("application/json"));
                    }
                })));
        return root;
    }
}
