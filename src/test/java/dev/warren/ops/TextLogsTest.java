package dev.warren.ops;

import dev.warren.support.WarrenLogback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren's logback.xml in its text format: one line per event, an exception after the message behind " | ". */
class TextLogsTest {

    private final PrintStream console = System.out;

    @AfterEach
    void restoreTheTestLogging() throws Exception {
        System.setOut(console);
        System.clearProperty("warren.log.format");
        WarrenLogback.restore();
    }

    @Test
    void anExceptionFollowsItsMessageAfterASeparatorOnTheSameLine() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // logback's console appender writes to whatever System.out is when it starts
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // text whatever WARREN_LOG_FORMAT the environment running the tests has
        System.setProperty("warren.log.format", "text");
        WarrenLogback.use();

        var log = LoggerFactory.getLogger("dev.warren.Warren");
        log.error("warren did not start: see docs/operations.md", new IllegalStateException("boom"));
        log.info("a line without an exception");

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains(" - warren did not start: see docs/operations.md | java.lang.IllegalStateException: boom | at "),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(" - a line without an exception"), lines.get(1));
    }

    @Test
    void aStoppingContainerDoesNotLogTheMessagesItHandsBack() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setProperty("warren.log.format", "text");
        WarrenLogback.use();

        // what Spring AMQP's container says, at WARN, for each prefetched message it gives back when it stops
        LoggerFactory.getLogger("org.apache.camel.component.springrabbit.CamelSimpleMessageListenerContainer")
                .warn("Rejecting received message(s) because the listener container has been stopped: (Body:'{\"card\":1}')");
        LoggerFactory.getLogger("dev.warren.Warren").info("after");

        String written = captured.toString(StandardCharsets.UTF_8);
        assertTrue(written.contains(" - after") && !written.contains("card"), "payloads are not logged above DEBUG: " + written);
    }
}
