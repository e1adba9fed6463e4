package dev.warren.api;

import dev.warren.ops.ShutdownGate;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

import java.util.Map;

/** Answers what never reaches a Camel route (no such path, wrong method, body over the limit) with problem+json. */
public final class HttpErrorPages {

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad Request", 404, "Not Found", 405, "Method Not Allowed",
            413, "Content Too Large", 415, "Unsupported Media Type", 500, "Internal Server Error");

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorPages.class);

    private HttpErrorPages() {
    }

    /**
     * Registers the handlers on the HTTP server's router once Camel has started it. While warren shuts down, its
     * API routes are gone before the server is: what would be a 404 then is a 503.
     */
    public static void install(CamelContext context, ShutdownGate gate) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            int port = Integer.parseInt(ctx.resolvePropertyPlaceholders("{{camel.server.port}}"));
            Router router = outerRouter(VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port)));
            TITLES.keySet().forEach(status -> router.errorHandler(status, routing -> {
                if (status == 404 && gate.isClosed()) {
                    answer(routing, Problem.of(503, "Service Unavailable", ShutdownGate.unavailable().problem().detail()));
                } else {
                    answer(routing, status);
                }
            }));
        });
    }

    /**
     * The server's outer router, which matches paths and limits bodies before Camel's routes see a request.
     * Camel offers no getter for it, hence reflection; without it the routes' own router is the best there is.
     */
    private static Router outerRouter(VertxPlatformHttpRouter camelRouter) {
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            return (Router) field.get(camelRouter.getServer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot reach the HTTP server's router ({}); some errors will not be problem+json", e.toString());
            return camelRouter;
        }
    }

    private static void answer(RoutingContext routing, int status) {
        String detail = switch (status) {
            case 404 -> "No endpoint for " + routing.request().method() + " " + routing.request().path()
                    + "; see /api/openapi.json";
            case 405 -> routing.request().method() + " is not allowed on " + routing.request().path();
            case 413 -> "The request body is over the limit (camel.server.maxBodySize bytes)";
            default -> TITLES.get(status);
        };
        answer(routing, Problem.of(status, TITLES.get(status), detail));
    }

    /** Ends the request with this problem as application/problem+json, unless an answer has begun. */
    public static void answer(RoutingContext routing, Problem problem) {
        if (routing.response().headWritten()) {
            return;
        }
        routing.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(io.vertx.core.buffer.Buffer.buffer(Json.write(problem)));
    }
}
