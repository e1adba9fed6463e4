package dev.warren;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration.md documents every warren.* property of application.properties, and no property it lacks. */
class ConfigurationDocTest {

    /** A key set or commented out in application.properties: "warren.x=..." or "#warren.x=". */
    private static final Pattern PROPERTY = Pattern.compile("(?m)^#?(warren\\.[a-z0-9.-]+)=");
    /** A key in the first column of the table: "| `warren.x` |" or "| `warren.a` / `warren.b` |". */
    private static final Pattern DOCUMENTED = Pattern.compile("`(warren\\.[a-z0-9.-]+)`");
    /** Read by logback from system properties and the environment, not from application.properties. */
    private static final Set<String> OUTSIDE_THE_FILE = Set.of("warren.log.format");

    @Test
    void everyWarrenPropertyHasARowAndEveryRowAProperty() throws IOException {
        Set<String> properties = keys(PROPERTY, Files.readString(Path.of("application.properties")));
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            if (line.startsWith("| `warren.")) {
                documented.addAll(keys(DOCUMENTED, line.substring(0, line.indexOf('|', 1))));
            }
        }
        Set<String> missing = new TreeSet<>(properties);
        missing.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(properties);
        unknown.removeAll(OUTSIDE_THE_FILE);
        assertEquals(Set.of(), missing, "properties of application.properties without a row in docs/configuration.md");
        assertEquals(Set.of(), unknown, "rows of docs/configuration.md that application.properties does not have");
        assertTrue(properties.size() >= 20, properties.toString());
    }

    private static Set<String> keys(Pattern pattern, String text) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }
}
