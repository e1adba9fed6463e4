package dev.warren.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.processor.DelegateSyncProcessor;

import java.util.Map;

/**
 * Serves Camel's OpenAPI document of the REST DSL with one correction: Camel's reader gives every response the
 * verb's media type, and warren's errors are application/problem+json. Camel uses this factory because it is the
 * only one in the registry.
 */
public final class OpenApiDocument implements RestApiProcessorFactory {

    private final RestApiProcessorFactory camel = new OpenApiRestApiProcessorFactory();

    @Override
    public Processor createApiProcessor(CamelContext context, String contextPath, RestConfiguration configuration,
                                        Map<String, Object> parameters) throws Exception {
        return new DelegateSyncProcessor(camel.createApiProcessor(context, contextPath, configuration, parameters)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    processor.process(exchange);
                    String document = exchange.getMessage().getBody(String.class);
                    if (document != null && document.startsWith("{")) {
                        exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(withProblemMediaType(document)));
                    }
                } catch (Exception e) {
                    exchange.setException(e);
                }
                callback.done(true);
                return true;
            }
        };
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
