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
 * trailing line break, is the value of {@code <key>}. It comes before application.properties, so a file replaces a
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
        if (context == null || !name.startsWith("warren.") || name.endsWith(SUFFIX)) {
            return null;
        }
        Optional<String> file = context.getPropertiesComponent().resolveProperty(name + SUFFIX)
                .filter(path -> !path.isBlank());
        return file.map(path -> read(name, path.trim())).orElse(null);
    }

    /** The file's content without its trailing line breaks; a file that cannot be read fails naming the key, never content. */
    static String read(String name, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException | RuntimeException e) {
            // not IllegalArgumentException: Camel takes that for "no such property" and would fall back to the default
            throw new IllegalStateException(name + SUFFIX + " names " + path + ", which cannot be read ("
                    + e.getClass().getSimpleName() + ")", null);
        }
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
