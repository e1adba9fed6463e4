package dev.warren.ops;

import dev.warren.common.Json;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /observe/info in place of Camel's, which shows the OS user, the working and home directories and the pid: here
 * only what warren and Camel are and how long they have run.
 */
public final class InfoPage {

    private InfoPage() {
    }

    /** Serves the page at this path once Camel has started the HTTP server. */
    public static void install(CamelContext context, String path) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            int port = Integer.parseInt(ctx.resolvePropertyPlaceholders("{{camel.server.port}}"));
            Router router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
            router.get(path).handler(routing -> routing.response().putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(Json.write(info(ctx)))));
        });
    }

    static Map<String, Object> info(CamelContext context) {
        Map<String, Object> camel = new LinkedHashMap<>();
        camel.put("name", context.getName());
        camel.put("version", context.getVersion());
        camel.put("status", context.getStatus().name());
        camel.put("uptime", context.getUptime().toString());
        camel.put("routes", context.getRoutes().size());
        camel.put("routesStarted", context.getRoutes().stream()
                .filter(route -> context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()).count());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "warren");
        info.put("version", Operations.class.getPackage().getImplementationVersion() != null
                ? Operations.class.getPackage().getImplementationVersion() : "development");
        info.put("java", Runtime.version().feature());
        info.put("camel", camel);
        return info;
    }
}
