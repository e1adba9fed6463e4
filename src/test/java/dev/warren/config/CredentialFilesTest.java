package dev.warren.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialFilesTest {

    @TempDir
    Path directory;
    private CamelContext context;
    private final Properties defaults = new Properties();
    private final Properties overrides = new Properties();

    @BeforeEach
    void camel() {
        context = new DefaultCamelContext();
        // initial properties stand for application.properties, override properties for a value given directly
        context.getPropertiesComponent().setInitialProperties(defaults);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        defaults.setProperty("warren.store.password", "from-defaults");
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        System.clearProperty("warren.test.secret-file");
    }

    private String resolve(String key) {
        context.build();
        return context.getPropertiesComponent().resolveProperty(key).orElse(null);
    }

    @Test
    void aPropertyWithoutAFileKeepsItsValue() {
        assertEquals("from-defaults", resolve("warren.store.password"));
    }

    @Test
    void aFileNamedByTheFileKeyReplacesTheDefaultWithoutItsTrailingLineBreak() throws Exception {
        Path secret = Files.writeString(directory.resolve("pg"), "s3cret with spaces \n");
        defaults.setProperty("warren.store.password-file", secret.toString());
        assertEquals("s3cret with spaces ", resolve("warren.store.password"));
    }

    @Test
    void aFileNamedAsSystemPropertyWorksForAKeyWithNoDefault() throws Exception {
        Path secret = Files.writeString(directory.resolve("s"), "line one\r\n");
        System.setProperty("warren.test.secret-file", secret.toString());
        assertEquals("line one", resolve("warren.test.secret"));
    }

    @Test
    void aValueGivenDirectlyWinsOverTheFile() throws Exception {
        Path secret = Files.writeString(directory.resolve("pg"), "from-file");
        defaults.setProperty("warren.store.password-file", secret.toString());
        overrides.setProperty("warren.store.password", "from-environment");
        assertEquals("from-environment", resolve("warren.store.password"));
    }

    @Test
    void theFileKeyMayItselfBeGivenDirectly() throws Exception {
        Path secret = Files.writeString(directory.resolve("pg"), "from-file");
        overrides.setProperty("warren.store.password-file", secret.toString());
        assertEquals("from-file", resolve("warren.store.password"));
    }

    @Test
    void aMissingFileFailsNamingTheKeyAndPathButNoValue() {
        Path absent = directory.resolve("absent");
        defaults.setProperty("warren.store.password-file", absent.toString());
        String message = messages(assertThrows(RuntimeException.class, () -> resolve("warren.store.password")));
        assertTrue(message.contains("warren.store.password-file"), message);
        assertTrue(message.contains(absent.toString()), message);
        assertFalse(message.contains("from-defaults"), message);
    }

    @Test
    void aFileOfSeveralLinesIsTheValueWithItsInnerLineBreaks() throws Exception {
        Path jaas = Files.writeString(directory.resolve("jaas"), "PlainLoginModule required\n  username=\"u\";\n");
        defaults.setProperty("warren.kafka.sasl-jaas-config-file", jaas.toString());
        assertEquals("PlainLoginModule required\n  username=\"u\";", resolve("warren.kafka.sasl-jaas-config"));
    }

    @Test
    void anEmptyFileFails() throws Exception {
        Path secret = Files.writeString(directory.resolve("empty"), "\n");
        defaults.setProperty("warren.store.password-file", secret.toString());
        String message = messages(assertThrows(RuntimeException.class, () -> resolve("warren.store.password")));
        assertTrue(message.contains("which is empty"), message);
    }

    @Test
    void anEmptyValueGivenDirectlyLeavesTheFile() throws Exception {
        Path secret = Files.writeString(directory.resolve("pg"), "from-file\n");
        defaults.setProperty("warren.store.password-file", secret.toString());
        overrides.setProperty("warren.store.password", "");
        context.build();
        assertEquals("from-file", Settings.of(context).optional("warren.store.password").orElseThrow());
    }

    @Test
    void keysOutsideWarrenAreLeftAlone() throws Exception {
        Path secret = Files.writeString(directory.resolve("x"), "from-file");
        defaults.setProperty("camel.other-file", secret.toString());
        assertNull(resolve("camel.other"));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }
}
