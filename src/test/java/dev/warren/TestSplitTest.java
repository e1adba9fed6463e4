package dev.warren;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A test class named *Test runs with `./mvnw test` on a machine without services; one that needs them is an *IT. */
class TestSplitTest {

    /** What starts or reaches a service: the broker, the database, a running warren, another JVM. */
    private static final Pattern NEEDS_A_SERVICE = Pattern.compile(
            "\\b(RunningWarren|WarrenPerClass|WarrenOnRouteCopy|TestBroker|TestStore|CamelMainTest|ProcessBuilder|JobLifecycleTest)\\b");
    /** Fixtures that are bases of integration tests keep their names; they are abstract. */
    private static final Pattern ABSTRACT = Pattern.compile("\\babstract\\s+class\\s+\\w+");

    @Test
    void unitTestClassesNeedNoService() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            List<String> offenders = files.filter(f -> f.getFileName().toString().endsWith("Test.java"))
                    .filter(f -> !f.getFileName().toString().equals("TestSplitTest.java"))
                    .filter(f -> !ABSTRACT.matcher(read(f)).find())
                    .filter(f -> NEEDS_A_SERVICE.matcher(read(f)).find())
                    .map(Path::toString).sorted().toList();
            assertEquals(List.of(), offenders, "test classes that need a service but are not named *IT");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
