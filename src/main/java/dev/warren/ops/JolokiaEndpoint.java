package dev.warren.ops;

import dev.warren.auth.Caller;
import dev.warren.auth.RequestData;
import dev.warren.auth.Role;
import dev.warren.common.Json;
import dev.warren.common.Problem;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.Utils;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.support.service.ServiceSupport;
import org.jolokia.json.JSONStructure;
import org.jolokia.server.core.config.ConfigKey;
import org.jolokia.server.core.config.StaticConfiguration;
import org.jolokia.server.core.http.HttpRequestHandler;
import org.jolokia.server.core.restrictor.DenyAllRestrictor;
import org.jolokia.server.core.restrictor.RestrictorFactory;
import org.jolokia.server.core.service.JolokiaServiceManagerFactory;
import org.jolokia.server.core.service.api.JolokiaServiceManager;
import org.jolokia.server.core.service.api.LogHandler;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.service.serializer.JolokiaSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Jolokia at /observe/jolokia as Camel's own plugin serves it, except that an answer never carries error details or
 * a stack trace (whatever the request asks) and a request from a browser page (one with an Origin or Referer) is
 * refused with 403 unless its origin is listed. Camel uses it because it is bound under the plugin's id, "jolokia".
 */
public final class JolokiaEndpoint extends ServiceSupport implements JolokiaPlatformHttpPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaEndpoint.class);

    private final JolokiaServiceManager serviceManager;
    private final List<String> allowedOrigins;
    private CamelContext camelContext;
    private HttpRequestHandler requestHandler;

    /** A Jolokia that applies the access policy at this location (classpath: or file:); none found denies everything. */
    public JolokiaEndpoint(String policyLocation, List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(JolokiaEndpoint::originOf).filter(o -> o != null).toList();
        StaticConfiguration config = new StaticConfiguration(
                // Jolokia's default id is the host's address and the process id, which callers must not learn
                ConfigKey.AGENT_ID, "warren-" + UUID.randomUUID().toString().substring(0, 8),
                ConfigKey.ALLOW_ERROR_DETAILS, "false",
                ConfigKey.INCLUDE_STACKTRACE, "false",
                ConfigKey.SERIALIZE_EXCEPTION, "false");
        serviceManager = JolokiaServiceManagerFactory.createJolokiaServiceManager(config, new Slf4jLog(),
                new CallerRestrictor(restrictor(policyLocation)));
        serviceManager.addService(new JolokiaSerializer());
        serviceManager.addService(new AllowedAttributeReads(1));
    }

    private static Restrictor restrictor(String location) {
        try {
            Restrictor restrictor = RestrictorFactory.lookupPolicyRestrictor(location);
            if (restrictor != null) {
                return restrictor;
            }
            LOG.error("No Jolokia policy at {}: every Jolokia request is refused", location);
        } catch (Exception e) {
            LOG.error("The Jolokia policy at {} cannot be read ({}): every Jolokia request is refused", location, e.getMessage());
        }
        return new DenyAllRestrictor();
    }

    @Override
    public String getId() {
        return NAME;
    }

    @Override
    protected void doStart() {
        requestHandler = new HttpRequestHandler(serviceManager.start());
    }

    @Override
    protected void doStop() {
        serviceManager.stop();
    }

    @Override
    public Object getHandler() {
        return (Handler<RoutingContext>) this::handle;
    }

    /** Ends the request with this problem as application/problem+json (what the API's error pages write), unless an answer has begun. */
    private static void refuse(RoutingContext routing, Problem problem) {
        if (!routing.response().headWritten()) {
            routing.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(io.vertx.core.buffer.Buffer.buffer(Json.write(problem)));
        }
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String origin = originOrReferer(request);
        if (!originAllowed(origin, request.getHeader("Sec-Fetch-Site"), allowedOrigins)) {
            refuse(routing, Problem.of(403, "Forbidden", "Jolokia does not answer requests of browser pages "
                    + "unless their origin is in warren.jolokia.allowed-origins"));
            return;
        }
        try {
            requestHandler.checkAccess(request.scheme(), request.remoteAddress().host(), request.remoteAddress().host(), null);
        } catch (SecurityException e) {
            refuse(routing, Problem.of(403, "Forbidden", "This client may not use Jolokia"));
            return;
        }
        Map<String, String[]> params = params(request.params());
        String pathInfo = Utils.pathOffset(request.path(), routing);
        var body = request.method() == HttpMethod.GET || routing.body() == null ? null : routing.body().buffer();
        java.util.List<JolokiaRequests.Request> asked = request.method() == HttpMethod.GET
                ? JolokiaRequests.ofGet(pathInfo, params.get("p") == null ? null : params.get("p")[0])
                : JolokiaRequests.ofPost(body == null ? new byte[0] : body.getBytes());
        boolean admin = routing.get(RequestData.CALLER) instanceof Caller c && c.allows(Role.ADMIN);
        if (asked.stream().anyMatch(JolokiaRequests.Request::changes)) {
            routing.put(RequestData.AUDIT_TARGET, asked.stream().filter(JolokiaRequests.Request::changes)
                    .map(JolokiaRequests.Request::target).findFirst().orElse("jolokia"));
            if (!admin) {
                refuse(routing, Problem.of(403, "Forbidden", "Only an admin key may run Jolokia operations or write "
                        + "attributes; reading needs a viewer key"));
                return;
            }
        }
        JSONStructure answer = CallerRestrictor.asCaller(admin, () -> answer(request, pathInfo, params, body));
        routing.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(answer == null ? "" : answer.toJSONString());
    }

    private JSONStructure answer(HttpServerRequest request, String pathInfo, Map<String, String[]> params,
                                 io.vertx.core.buffer.Buffer body) {
        try {
            if (request.method() == HttpMethod.GET) {
                return requestHandler.handleGetRequest(request.uri(), pathInfo, params);
            }
            return requestHandler.handlePostRequest(request.uri(), body == null
                    ? java.io.InputStream.nullInputStream() : new ByteBufInputStream(body.getByteBuf()),
                    StandardCharsets.UTF_8.name(), params);
        } catch (Throwable e) {
            return requestHandler.handleThrowable(e);
        }
    }

    private static Map<String, String[]> params(MultiMap multiMap) {
        Map<String, String[]> params = new HashMap<>();
        for (String name : multiMap.names()) {
            params.put(name, multiMap.getAll(name).toArray(new String[0]));
        }
        return params;
    }

    /**
     * Whether a request that names this origin (an Origin or Referer header; null when it has neither) may use
     * Jolokia: one without is not a browser page's, unless its fetch metadata says a page sent it (a page can send a
     * GET without either, with its referrer policy); one with must be listed (same origin is not enough: a page of
     * another site can reach warren under its own host name by DNS rebinding).
     */
    static boolean originAllowed(String originOrReferer, String secFetchSite, List<String> allowed) {
        if (originOrReferer == null) {
            return secFetchSite == null || secFetchSite.isBlank() || secFetchSite.trim().equalsIgnoreCase("none");
        }
        String origin = originOf(originOrReferer);
        return origin != null && allowed.contains(origin);
    }

    /** scheme://host[:port] of a URL, lower case; null when it has none. */
    private static String originOf(String url) {
        try {
            java.net.URI uri = new java.net.URI(url.trim());
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return null;
            }
            return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(java.util.Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String originOrReferer(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            origin = request.getHeader("Referer");
        }
        return origin == null ? null : origin.replaceAll("[\\n\\r]*", "");
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Jolokia's own messages, to warren's log. */
    private static final class Slf4jLog implements LogHandler {
        @Override
        public void debug(String message) {
            LOG.debug(message);
        }

        @Override
        public void info(String message) {
            LOG.info(message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.error("{}: {}", message, t == null ? "" : t.toString());
        }

        @Override
        public boolean isDebug() {
            return LOG.isDebugEnabled();
        }
    }
}
