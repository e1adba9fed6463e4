package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.Json;

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
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers what never reaches a Camel route with problem+json: no such path, wrong method, body over the limit, and
 * requests refused before any route reads them (a query that does not decode, dot segments, an Accept without JSON,
 * a form body, a request the server cannot read).
 */
public final class HttpErrorPages {

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad Request", 404, "Not Found", 405, "Method Not Allowed",
            406, "Not Acceptable", 413, "Content Too Large", 415, "Unsupported Media Type", 431, "Request Header Fields Too Large",
            500, "Internal Server Error");

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorPages.class);

    private HttpErrorPages() {
    }

    /**
     * Registers the handlers on the HTTP server's router once Camel has started it, before the routes start (until
     * then Vert.x would answer its own 404 page). While warren starts, and while it shuts down, its API routes are
     * not there yet or gone before the server is: what would be a 404 then is a 503.
     */
    public static void install(CamelContext context, ShutdownGate gate, AccessGate access) throws Exception {
        AtomicBoolean installed = new AtomicBoolean();
        // a service started right after the HTTP server's (services start in the order they were added), else when
        // the routes begin to start: between the two, the server listens and Vert.x would answer its own 404 page
        context.addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                if (router(context) != null && installed.compareAndSet(false, true)) {
                    handleErrors(context, gate, access);
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
                    handleErrors(context, gate, access);
                }
            }
        });
    }

    private static VertxPlatformHttpRouter router(CamelContext ctx) {
        int port = Integer.parseInt(ctx.resolvePropertyPlaceholders("{{camel.server.port}}"));
        return VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
    }

    private static void handleErrors(CamelContext ctx, ShutdownGate gate, AccessGate access) {
        VertxPlatformHttpRouter camelRouter = router(ctx);
        String bodyLimit = ctx.getPropertiesComponent().resolveProperty("camel.server.maxBodySize")
                .map(limit -> limit + " bytes, camel.server.maxBodySize").orElse("camel.server.maxBodySize");
        Router outer = outerRouter(camelRouter);
        // before any route (API, health, Jolokia) reads the parameters, which would fail with a 500 or plain text
        outer.route().order(Integer.MIN_VALUE).handler(routing -> {
            String path = routing.request().path();
            if (!decodes(routing.request().query())) {
                answer(routing, Problem.of(400, "Bad Request", "The query string is not valid percent-encoding"));
            } else if (hasDotSegment(routing.request().uri())) {
                // the server would resolve them: DELETE /api/topics/t/subscribers/%2e%2e would delete the topic
                answer(routing, Problem.of(400, "Bad Request", "A path segment may not be '.' or '..' (also encoded)"));
            } else if (path != null && (path.startsWith("/api/") || path.startsWith("/queue/"))
                    && !acceptsJson(routing.request().getHeader("Accept"))) {
                answer(routing, Problem.of(406, "Not Acceptable", "This API answers application/json (errors "
                        + Problem.MEDIA_TYPE + "); the request's Accept rules both out"));
            } else if (path != null && (path.startsWith("/api/") || path.startsWith("/queue/"))
                    && isForm(routing.request().getHeader("Content-Type"))) {
                // the server would parse a form itself, and an unparsable one would look like no body at all
                answer(routing, Problem.of(415, "Unsupported Media Type", "Send the body as application/json, not "
                        + "a form"));
            } else {
                routing.next();
            }
        });
        // right after: no route (API, Flask paths, Jolokia, docs, info, metrics) sees a request the gate refuses
        outer.route().order(Integer.MIN_VALUE + 1).handler(access);
        // on the routes' own router too: a request its routes' paths match but that none of them takes ends there
        for (Router router : new java.util.LinkedHashSet<>(List.of(outer, camelRouter))) {
            TITLES.keySet().forEach(status -> router.errorHandler(status, routing -> {
                if (status == 404 && (gate.isClosed() || !gate.isStarted())) {
                    answer(routing, (gate.isClosed() ? ShutdownGate.unavailable() : ShutdownGate.starting()).problem());
                } else {
                    if (status == 405 && !routing.response().headWritten()) {
                        // RFC 9110: a 405 says which methods the resource takes
                        String allow = String.join(", ", allowed(routing.normalizedPath(), templates(outer, camelRouter)));
                        if (!allow.isEmpty()) {
                            routing.response().putHeader("Allow", allow);
                        }
                    }
                    answer(routing, status, bodyLimit);
                }
            }));
        }
    }

    /** The methods of each path template the routers' routes take (a route for every method is none of them). */
    private static Map<String, Set<String>> templates(Router... routers) {
        Map<String, Set<String>> methods = new java.util.HashMap<>();
        for (Router router : new java.util.LinkedHashSet<>(List.of(routers))) {
            for (io.vertx.ext.web.Route route : router.getRoutes()) {
                if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
                    route.methods().forEach(method -> methods.computeIfAbsent(route.getPath(), path -> new TreeSet<>())
                            .add(method.name()));
                }
            }
        }
        return methods;
    }

    /**
     * The methods a request path is taken with: those of every template it matches (Vert.x's form: ":name" for one
     * segment, a trailing "*" for any rest), sorted; empty when none matches.
     */
    static Set<String> allowed(String path, Map<String, Set<String>> methodsByTemplate) {
        Set<String> allowed = new TreeSet<>();
        methodsByTemplate.forEach((template, methods) -> {
            if (path != null && matches(template, path)) {
                allowed.addAll(methods);
            }
        });
        return allowed;
    }

    static boolean matches(String template, String path) {
        if (template.endsWith("*")) {
            return path.startsWith(template.substring(0, template.length() - 1));
        }
        String[] expected = trimSlash(template).split("/", -1);
        String[] actual = trimSlash(path).split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Whether each name and value of this raw query string decodes (every % is followed by two hex digits). */
    static boolean decodes(String rawQuery) {
        if (rawQuery == null) {
            return true;
        }
        try {
            java.net.URLDecoder.decode(rawQuery, java.nio.charset.StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the raw request target has a path segment that is "." or ".." once percent-decoded. */
    static boolean hasDotSegment(String rawTarget) {
        if (rawTarget == null) {
            return false;
        }
        int end = rawTarget.indexOf('?');
        String path = end < 0 ? rawTarget : rawTarget.substring(0, end);
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static boolean isForm(String contentType) {
        String type = contentType == null ? "" : contentType.trim().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
    }

    /** Whether an Accept header lets the answer be JSON: absent, or a range with q > 0 that covers application/json. */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].trim().split("=", 2);
                if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("q")) {
                    try {
                        refused = Double.parseDouble(parameter[1].trim()) <= 0;
                    } catch (NumberFormatException e) {
                        refused = false;
                    }
                }
            }
            if (!refused && java.util.Set.of("*/*", "*", "application/*", "application/json", Problem.MEDIA_TYPE).contains(type)) {
                return true;
            }
        }
        return false;
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

    private static void answer(RoutingContext routing, int status, String bodyLimit) {
        String detail = switch (status) {
            case 404 -> "No endpoint for " + routing.request().method() + " " + routing.request().path()
                    + "; see /api/openapi.json";
            case 405 -> routing.request().method() + " is not allowed on " + routing.request().path()
                    + (routing.response().headers().contains("Allow")
                    ? "; it takes " + routing.response().headers().get("Allow") : "");
            case 413 -> "The request body is over the limit (" + bodyLimit + ")";
            default -> TITLES.get(status);
        };
        answer(routing, Problem.of(status, TITLES.get(status), detail));
    }

    /**
     * Answers a request the server could not read (request line or headers over Vert.x's limits, broken syntax):
     * Vert.x's own answer has no body. The connection is closed after it, as the rest of the request is unread.
     */
    public static void answerInvalidRequest(io.vertx.core.http.HttpServerRequest request) {
        Throwable failure = request.decoderResult() == null ? null : request.decoderResult().cause();
        Problem problem = failure instanceof io.netty.handler.codec.http.TooLongHttpLineException
                ? Problem.of(414, "URI Too Long", "The request line is over the server's limit")
                : failure instanceof io.netty.handler.codec.http.TooLongHttpHeaderException
                ? Problem.of(431, "Request Header Fields Too Large", "The request's headers are over the server's limit")
                : Problem.of(400, "Bad Request", "The request is not valid HTTP");
        request.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(io.vertx.core.buffer.Buffer.buffer(Json.write(problem)))
                .onComplete(done -> request.connection().close());
    }

    /** Ends the request with this problem as application/problem+json, unless an answer has begun. */
    public static void answer(RoutingContext routing, Problem problem) {
        if (routing.response().headWritten()) {
            return;
        }
        if (problem.status() == 503) {
            routing.response().putHeader("Retry-After", HttpBoundary.RETRY_AFTER_SECONDS);
        }
        routing.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (routing.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
            // Vert.x would send the body after the head; a client expects none and would read it as the next answer
            routing.response().end();
        } else {
            routing.response().end(io.vertx.core.buffer.Buffer.buffer(Json.write(problem)));
        }
    }
}
