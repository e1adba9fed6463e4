package dev.warren.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every answer body is a record the OpenAPI document names, never a map built on the spot that it cannot describe. */
class AnswersAreRecordsTest {

    /** An answer, or a JSON tree of one, made of a map. */
    private static final Pattern MAP_ANSWER = Pattern.compile(
            "ApiResponse\\.(ok|created|accepted)\\(\\s*(Map\\.of|new (Linked)?HashMap)"
                    + "|new ApiResponse\\([^,]+,\\s*(Map\\.of|new (Linked)?HashMap)"
                    + "|valueToTree\\(\\s*Map\\.of"
                    + "|Map<String, Object> (answer|view) =");

    @Test
    void noOperationAnswersWithAMap() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/warren/api"))) {
            List<String> offenders = files.filter(file -> file.getFileName().toString().endsWith("Api.java"))
                    .filter(file -> {
                        try {
                            return MAP_ANSWER.matcher(Files.readString(file)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(file -> file.getFileName().toString()).sorted().toList();
            assertEquals(List.of(), offenders, "answer with a record of ApiSchemas (or a view) instead");
        }
    }
}
