package dev.warren;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packages of src/main/java point one way: HTTP on top, common helpers below all, no package cycle. */
class LayersTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/warren");
    /** A reference to another warren package, in an import or written out in code or Javadoc. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.warren\\.([a-z]+)\\.");
    /** The packages allowed to know the HTTP layer: itself and the wiring. */
    private static final Set<String> MAY_USE_API = Set.of("api", "config");

    @Test
    void nothingOutsideApiAndConfigRefersToTheHttpLayer() {
        List<String> offenders = new ArrayList<>();
        references().forEach((file, packages) -> {
            if (packages.contains("api") && !MAY_USE_API.contains(packageOf(file))) {
                offenders.add(SOURCES.relativize(file).toString());
            }
        });
        assertEquals(List.of(), offenders, "classes outside api and config that use dev.warren.api");
    }

    @Test
    void commonUsesNoOtherWarrenPackage() {
        Set<String> used = dependencies().getOrDefault("common", Set.of());
        assertEquals(Set.of(), used, "dev.warren.common sits below every layer");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> dependencies = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String start : dependencies.keySet()) {
            List<String> path = cycleFrom(start, start, dependencies, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "package cycles: " + dependencies);
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> dependencies,
                                          List<String> path, Set<String> seen) {
        for (String next : dependencies.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, dependencies, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    /** Package → the other warren packages its classes refer to. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        references().forEach((file, packages) -> {
            String own = packageOf(file);
            Set<String> others = dependencies.computeIfAbsent(own, p -> new TreeSet<>());
            packages.stream().filter(p -> !p.equals(own)).forEach(others::add);
        });
        return dependencies;
    }

    /** Each source file in a package below dev.warren → the warren packages it names. */
    private static Map<Path, Set<String>> references() {
        Map<Path, Set<String>> references = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && f.getParent().getParent().equals(SOURCES))
                    .forEach(file -> {
                        Set<String> packages = new TreeSet<>();
                        Matcher m = REFERENCE.matcher(read(file));
                        while (m.find()) {
                            packages.add(m.group(1));
                        }
                        references.put(file, packages);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (references.isEmpty()) {
            throw new IllegalStateException("no sources under " + SOURCES.toAbsolutePath());
        }
        return references;
    }

    private static String packageOf(Path file) {
        return file.getParent().getFileName().toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
