package dev.warren.api;

import dev.warren.ops.ShutdownGate;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.List;
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
     * Registers the handlers on the HTTP server's router once Camel has started it, before the routes start (until
     * then Vert.x would answer its own 404 page). While warren starts, and while it shuts down, its API routes are
     * not there yet or gone before the server is: what would be a 404 then is a 503.
     */
    public static void install(CamelContext context, ShutdownGate gate) throws Exception {
        AtomicBoolean installed = new AtomicBoolean();
        // a service started right after the HTTP server's (services start in the order they were added), else when
        // the routes begin to start: between the two, the server listens and Vert.x would answer its own 404 page
        context.addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                if (router(context) != null && installed.compareAndSet(false, true)) {
                    handleErrors(context, gate);
                }
            }
        }, false, true);
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextRoutesStartingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                if (installed.compareAndSet(false, true)) {
                    handleErrors(context, gate);
                }
            }
        });
    }

    private static VertxPlatformHttpRouter router(CamelContext ctx) {
        int port = Integer.parseInt(ctx.resolvePropertyPlaceholders("{{camel.server.port}}"));
        return VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
    }

    private static void handleErrors(CamelContext ctx, ShutdownGate gate) {
        VertxPlatformHttpRouter camelRouter = router(ctx);
        // on the routes' own router too: a request its routes' paths match but that none of them takes ends there
        for (Router router : new java.util.LinkedHashSet<>(List.of(outerRouter(camelRouter), camelRouter))) {
            TITLES.keySet().forEach(status -> router.errorHandler(status, routing -> {
                if (status == 404 && (gate.isClosed() || !gate.isStarted())) {
                    answer(routing, (gate.isClosed() ? ShutdownGate.unavailable() : ShutdownGate.starting()).problem());
                } else {
                    answer(routing, status);
                }
            }));
        }
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

    private static void answer(RoutingContext routing, Problem problem) {
        if (routing.response().headWritten()) {
            return;
        }
        if (problem.status() == 503) {
            routing.response().putHeader("Retry-After", HttpBoundary.RETRY_AFTER_SECONDS);
        }
        routing.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(io.vertx.core.buffer.Buffer.buffer(Json.write(problem)));
    }
}
