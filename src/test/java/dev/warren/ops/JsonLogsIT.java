package dev.warren.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.WarrenLogback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.ops.OpsFixtures.httpGroup;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren's own logback.xml: one line per event, JSON with warren.log.format=json; a delivery's lines carry its job. */
class JsonLogsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureTheConsole() {
        originalOut = System.out;
        // logback's console appender writes to whatever System.out is at the time
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
    }

    /** Configures logback from warren's own logback.xml, in this format. */
    private void logAs(String format) throws Exception {
        System.setProperty("warren.log.format", format);
        WarrenLogback.use();
    }

    @AfterEach
    void restoreTheTestLogging() throws Exception {
        System.clearProperty("warren.log.format");
        System.setOut(originalOut);
        WarrenLogback.restore();
    }

    @Test
    void aDeliverysLinesAreJsonAndCarryItsJobAndQueue() throws Exception {
        logAs("json");
        String marker = "payload-" + System.nanoTime();
        try (TargetServer target = TargetServer.start();
             RunningWarren warren = RunningWarren.start(Map.of("warren.delivery.signing-secret", SECRET))) {
            String queue = declaredQueue(warren, "json-logs");
            try {
                httpGroup(warren, queue, 1, target.url(), 1, 100);
                String id = publish(warren, queue, Map.of("secret", marker));
                await("delivered").atMost(Duration.ofSeconds(10)).until(() -> !target.attemptsOf(id).isEmpty());
                await("its line logged").atMost(Duration.ofSeconds(5)).until(() -> text().contains("delivered"));

                List<JsonNode> lines = lines();
                List<JsonNode> ofTheJob = lines.stream().filter(line -> id.equals(line.path("mdc").path("jobId").asText())).toList();
                assertFalse(ofTheJob.isEmpty(), "lines carry the job id: " + text());
                for (JsonNode line : ofTheJob) {
                    assertEquals(queue, line.path("mdc").path("queue").asText(), line.toString());
                }
                assertTrue(ofTheJob.stream().anyMatch(line -> line.path("level").asText().equals("INFO")
                        && line.path("formattedMessage").asText().contains("delivered")), "the delivery at INFO: " + ofTheJob);
                assertTrue(lines.stream().noneMatch(line -> line.path("formattedMessage").asText().contains("Published task " + id)),
                        "a publish is logged at DEBUG only");
                assertTrue(lines.stream().allMatch(line -> line.has("timestamp") && line.has("loggerName")), text());
                assertFalse(text().contains(marker), "payloads are not logged at INFO");
                assertFalse(text().contains("guest:guest"), "credentials are not logged");
                assertFalse(text().contains(SECRET.substring(6)), "the signing secret is not logged");
                assertTrue(lines.stream().filter(line -> line.path("formattedMessage").asText().contains("Published"))
                        .allMatch(line -> line.path("mdc").path("jobId").isMissingNode()), "the API thread has no delivery MDC");
            } finally {
                deleteQueue(warren, queue);
            }
        }
    }

    @Test
    void plainTextLinesCarryTheDeliverysQueueAndJob() throws Exception {
        logAs("text");
        try (TargetServer target = TargetServer.start();
             RunningWarren warren = RunningWarren.start()) {
            String queue = declaredQueue(warren, "text-logs");
            try {
                httpGroup(warren, queue, 1, target.url(), 1, 100);
                String id = publish(warren, queue, Map.of("n", 1));
                await("its line logged").atMost(Duration.ofSeconds(10)).until(() -> text().contains(id + " of " + queue + " delivered"));
                String line = text().lines().filter(l -> l.contains(id + " of " + queue + " delivered")).findFirst().orElseThrow();
                assertTrue(line.contains(" INFO ") && line.contains("[" + queue + " " + id + "] - "), line);
                assertFalse(text().contains("|-INFO"), "logback prints no status of its own");
                assertTrue(text().lines().filter(l -> l.contains("Published task " + id)).allMatch(l -> !l.contains("[" + queue)),
                        "no delivery MDC outside a delivery");
            } finally {
                deleteQueue(warren, queue);
            }
        }
    }

    /** Every line written, each parsed as JSON (a line that is not JSON fails the test). */
    private List<JsonNode> lines() throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (!line.isBlank()) {
                try {
                    parsed.add(MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return parsed;
    }

    private String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }
    }
}
