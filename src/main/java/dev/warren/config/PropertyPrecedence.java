package dev.warren.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

import java.util.List;
import java.util.Optional;

/**
 * Makes every property resolve one way, before Camel Main configures anything: -D, then the environment variable (the
 * key in upper case, dots and dashes as underscores), then a {@code <key>-file}, then application.properties.
 * Left alone, Camel's placeholders put the environment variable before -D while Camel Main's own settings
 * ({@code camel.server.*}, {@code camel.main.*}) put -D first.
 * <p>
 * It also gives the HTTP port one value, for the API's server, the /observe endpoints ({@code camel.management.port})
 * and warren's pages alike: Camel Main skips environment variables ending in {@code _PORT} (Kubernetes sets such
 * variables for its services) where placeholders read them, so {@code CAMEL_SERVER_PORT} moved the /observe endpoints
 * and not the API. The resolved port is made an override, which Camel Main reads as well.
 */
public final class PropertyPrecedence extends MainListenerSupport {

    static final String SERVER_PORT = "camel.server.port";
    static final String MANAGEMENT_PORT = "camel.management.port";
    static final String LOG_FORMAT = "warren.log.format";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
        // -D stays an override; the environment comes next, as a source before the files
        properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        properties.addPropertiesSource(new EnvironmentVariables());
        Settings settings = Settings.of(context);
        int port = port(settings);
        // read by Camel Main, which would fail on a bad one without naming warren's key
        settings.integer("warren.shutdown.timeout", 0);
        settings.number("camel.server.maxBodySize", 1);
        // read by logback before warren runs, which writes text for any other word: refused here, as every other choice
        settings.optional(LOG_FORMAT).ifPresent(format -> settings.oneOf(LOG_FORMAT, List.of("text", "json")));
        properties.addOverrideProperty(SERVER_PORT, String.valueOf(port));
        properties.addOverrideProperty(MANAGEMENT_PORT, String.valueOf(port));
    }

    /**
     * The port of the API, health, metrics and Jolokia; a management port set apart from it is refused (Camel cannot
     * serve them on two ports unless the API is on 8080, and warren's pages assume one).
     */
    static int port(Settings settings) {
        int port = settings.port(SERVER_PORT);
        Optional<String> management = settings.optional(MANAGEMENT_PORT).map(String::trim);
        if (management.isPresent() && !management.get().equals(String.valueOf(port))) {
            throw new Settings.Invalid(MANAGEMENT_PORT + ": '" + management.get() + "' is not " + SERVER_PORT + " (" + port
                    + "): health, metrics and Jolokia share the API's port (" + MANAGEMENT_PORT + "={{" + SERVER_PORT + "}})");
        }
        return port;
    }

    /**
     * Environment variables as properties: {@code warren.store.url} is {@code WARREN_STORE_URL}, and an empty one counts
     * as unset; the admin key is also read from its older name {@code WARREN_ADMIN_KEY}, when not empty.
     */
    static final class EnvironmentVariables implements PropertiesSource, Ordered {

        static final String ADMIN_KEY = "warren.auth.admin-key";
        static final String ADMIN_KEY_OLD_NAME = "WARREN_ADMIN_KEY";

        @Override
        public String getName() {
            return "OS environment variable";
        }

        @Override
        public String getProperty(String name) {
            String value = IOHelper.lookupEnvironmentVariable(name);
            if (value != null && value.isBlank()) {
                // `KEY: ${UNSET}` in a compose file gives an empty variable: the next source decides, as if it were unset
                value = null;
            }
            if (value == null && name.equals(ADMIN_KEY)) {
                String old = System.getenv(ADMIN_KEY_OLD_NAME);
                return old == null || old.isBlank() ? null : old;
            }
            return value;
        }

        @Override
        public int getOrder() {
            // before CredentialFiles: a value given directly wins over a file
            return Ordered.HIGHEST;
        }
    }
}
