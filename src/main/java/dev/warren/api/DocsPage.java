package dev.warren.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Serves Swagger UI at /docs from the swagger-ui webjar, reading /api/openapi.json. Nothing is fetched from a CDN,
 * so the page works where warren has no internet access.
 */
public final class DocsPage {

    public static final String PATH = "/docs";
    public static final String OPENAPI = "/api/openapi.json";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <title>warren API</title>
              <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
              <script src="/docs/warren-initializer.js" charset="UTF-8"></script>
            </body>
            </html>
            """;

    // validatorUrl null: Swagger UI would otherwise send the document to an online validator
    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "%s",
                dom_id: "#swagger-ui",
                deepLinking: true,
                validatorUrl: null,
                presets: [SwaggerUIBundle.presets.apis],
                layout: "BaseLayout"
              });
            };
            """.formatted(OPENAPI);

    // Swagger UI sets inline styles and uses data: images; the rest as for the dashboard: only warren, no framing
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private DocsPage() {
    }

    /** Adds /docs and its assets to the HTTP server once Camel has started it. */
    public static void install(CamelContext context) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            int port = Integer.parseInt(ctx.resolvePropertyPlaceholders("{{camel.server.port}}"));
            Router router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
            // a page signed in with Basic must not be framed by another site (clickjacking "Try it out")
            for (String path : new String[] {PATH, PATH + "/*"}) {
                router.get(path).handler(routing -> {
                    routing.response().putHeader("Content-Security-Policy", POLICY)
                            .putHeader("X-Frame-Options", "DENY")
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Referrer-Policy", "no-referrer");
                    routing.next();
                });
            }
            // the webjar's own page and initializer would load the Petstore example from the internet
            for (String page : new String[] {PATH, PATH + "/", PATH + "/index.html"}) {
                router.get(page).handler(routing -> routing.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8").end(PAGE));
            }
            for (String script : new String[] {PATH + "/warren-initializer.js", PATH + "/swagger-initializer.js"}) {
                router.get(script).handler(routing -> routing.response()
                        .putHeader("Content-Type", "text/javascript; charset=utf-8").end(INITIALIZER));
            }
            router.get(PATH + "/*").handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + webjarVersion())
                    .setDirectoryListing(false));
        });
    }

    /** The version of the swagger-ui webjar on the classpath: its assets live under a folder of that name. */
    static String webjarVersion() {
        try (InputStream in = DocsPage.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The swagger-ui webjar is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
