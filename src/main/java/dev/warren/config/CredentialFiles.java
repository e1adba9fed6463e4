package dev.warren.config;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lets every warren.* property come from a file, for container secrets: when {@code <key>-file} is set (in
 * application.properties, as -D, or as the environment variable {@code <KEY>_FILE}), the file's content, without its
 * trailing line breaks, is the value of {@code <key>}; an empty file stops start-up. It comes before application.properties, so a file replaces a
 * default there; a value given as -D, an environment variable or a test's override still wins over the file.
 * Registered for every Camel context through META-INF/services/org/apache/camel/properties-source-factory.
 */
public final class CredentialFiles implements PropertiesSource, CamelContextAware, Ordered {

    static final String SUFFIX = "-file";

    private CamelContext context;

    @Override
    public String getName() {
        return "warren-credential-files";
    }

    @Override
    public String getProperty(String name) {
        return context == null ? null : fromFile(name, key -> context.getPropertiesComponent().resolveProperty(key))
                .orElse(null);
    }

    /**
     * The value of a {@code warren.*} key from the file its {@code <key>-file} names (looked up with lookup), or empty
     * when the key has no file: the one place of the rule, for Camel's placeholders and for {@link Settings}.
     */
    static Optional<String> fromFile(String name, java.util.function.Function<String, Optional<String>> lookup) {
        if (!name.startsWith("warren.") || name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        return lookup.apply(name + SUFFIX).filter(path -> !path.isBlank()).map(path -> read(name, path.trim()));
    }

    /**
     * The file's content without its trailing line breaks (as echo and editors end a file); inner line breaks stay (a
     * JAAS configuration may span lines; a key may not, see {@link Settings#oneLine}). A file that cannot be read or
     * is empty fails naming the key and the path, never the content.
     */
    static String read(String name, String path) {
        String text;
        try {
            text = Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException | RuntimeException e) {
            // not IllegalArgumentException: Camel takes that for "no such property" and would fall back to the default
            throw new Settings.Invalid(name + SUFFIX + " names " + path + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text.isBlank()) {
            throw new Settings.Invalid(name + SUFFIX + " names " + path + ", which is empty");
        }
        return text;
    }

    @Override
    public int getOrder() {
        // after the environment variables (PropertyPrecedence), before application.properties
        return Ordered.HIGHEST + 1;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
