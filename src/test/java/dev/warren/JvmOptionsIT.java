package dev.warren;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every option of jvm.options is known to this JVM: the file tells the JVM to ignore unknown ones, so a typo would pass unseen. */
class JvmOptionsIT {

    private static final String IGNORE_UNKNOWN = "-XX:+IgnoreUnrecognizedVMOptions";

    @Test
    void everyOptionIsRecognisedByTheJvmRunningTheTests() throws IOException, InterruptedException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/main/jvm/jvm.options"))) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                options.add(option);
            }
        }
        assertTrue(options.remove(IGNORE_UNKNOWN), "jvm.options no longer sets " + IGNORE_UNKNOWN + ": drop this test");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java -version did not end");

        assertEquals(0, java.exitValue(), "java " + String.join(" ", options) + " -version failed:\n" + output);
    }
}
