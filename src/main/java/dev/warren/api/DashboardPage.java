package dev.warren.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Serves the web dashboard at /ui: static files from the classpath folder ui/ (no data: everything it shows comes
 * from the API, with the caller's key). Files are not versioned, so browsers revalidate instead of keeping them.
 */
public final class DashboardPage {

    public static final String PATH = "/ui";
    private static final String FOLDER = "ui";

    // scripts, styles and data only from warren itself; no inline script, no framing by other sites
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private DashboardPage() {
    }

    /** Adds /ui and its files to the HTTP server once Camel has started it. */
    public static void install(CamelContext context) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            int port = Integer.parseInt(ctx.resolvePropertyPlaceholders("{{camel.server.port}}"));
            Router router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
            // relative links in the page resolve under /ui/ only with the trailing slash
            router.get(PATH).handler(routing -> {
                if (PATH.equals(routing.request().path())) {
                    routing.response().setStatusCode(302).putHeader("Location", PATH + "/").end();
                } else {
                    routing.next();
                }
            });
            router.get(PATH + "/*").handler(routing -> {
                routing.response().putHeader("Cache-Control", "no-cache")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("Content-Security-Policy", POLICY)
                        // for browsers that do not know frame-ancestors
                        .putHeader("X-Frame-Options", "DENY");
                routing.next();
            });
            router.get(PATH + "/*").handler(StaticHandler.create(FOLDER).setDirectoryListing(false)
                    .setCachingEnabled(false).setIncludeHidden(false).setDefaultContentEncoding("UTF-8"));
        });
    }
}
