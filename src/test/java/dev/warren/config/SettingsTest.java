package dev.warren.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    private static String refusal(Map<String, String> values, java.util.function.Consumer<Settings> read) {
        return assertThrows(Settings.Invalid.class, () -> read.accept(settings(values))).getMessage();
    }

    @Test
    void durationsAreIso8601AndPositive() {
        assertEquals(Duration.ofDays(7), settings(Map.of("k", "P7D")).duration("k"));
        assertEquals(Duration.ofSeconds(30), settings(Map.of("k", " PT30S ")).duration("k"));
        assertEquals("warren.jobs.retention: '7d' is not an ISO-8601 duration such as P7D or PT30S",
                refusal(Map.of("warren.jobs.retention", "7d"), s -> s.duration("warren.jobs.retention")));
        assertEquals("k: 'PT0S' is not a positive ISO-8601 duration such as P7D or PT30S",
                refusal(Map.of("k", "PT0S"), s -> s.duration("k")));
        assertEquals("k: '-P1D' is not a positive ISO-8601 duration such as P7D or PT30S",
                refusal(Map.of("k", "-P1D"), s -> s.duration("k")));
    }

    @Test
    void numbersAreWholeAndAtLeastTheirLeast() {
        assertEquals(250L, settings(Map.of("k", "250")).number("k", 1));
        assertEquals(0, settings(Map.of("k", "0")).integer("k", 0));
        assertEquals("warren.schedules.tick-ms: 'fast' is not a whole number",
                refusal(Map.of("warren.schedules.tick-ms", "fast"), s -> s.number("warren.schedules.tick-ms", 1)));
        assertEquals("k: '0' is not a whole number of at least 1", refusal(Map.of("k", "0"), s -> s.number("k", 1)));
        assertEquals("k: '1.5' is not a whole number", refusal(Map.of("k", "1.5"), s -> s.integer("k", 0)));
        assertEquals("k: '3000000000' is not a whole number of at most 2147483647",
                refusal(Map.of("k", "3000000000"), s -> s.integer("k", 0)));
    }

    @Test
    void portsRunFrom1To65535() {
        assertEquals(8080, settings(Map.of("p", "8080")).port("p"));
        for (String bad : List.of("0", "65536", "http", "-1")) {
            assertEquals("p: '" + bad + "' is not a port number from 1 to 65535", refusal(Map.of("p", bad), s -> s.port("p")));
        }
    }

    @Test
    void flagsAreTrueOrFalse() {
        assertTrue(settings(Map.of("k", "true")).flag("k"));
        assertFalse(settings(Map.of("k", "FALSE")).flag("k"));
        assertEquals("k: 'yes' is not true or false", refusal(Map.of("k", "yes"), s -> s.flag("k")));
    }

    @Test
    void choicesAreOneOfTheirWords() {
        List<String> types = List.of("quorum", "classic");
        assertEquals("classic", settings(Map.of("t", "classic")).oneOf("t", types));
        assertEquals("warren.queues.default-type: 'bogus' is not one of quorum, classic",
                refusal(Map.of("warren.queues.default-type", "bogus"), s -> s.oneOf("warren.queues.default-type", types)));
    }

    @Test
    void textMustBeGivenAndIsNeverQuotedBack() {
        assertEquals("warren.store.url is empty", refusal(Map.of("warren.store.url", " "), s -> s.text("warren.store.url")));
        assertEquals("warren.store.url is not set", refusal(Map.of(), s -> s.text("warren.store.url")));
        assertEquals(Optional.empty(), settings(Map.of("k", "")).optional("k"));
        assertEquals(Optional.of("v"), settings(Map.of("k", "v")).optional("k"));
    }

    @Test
    void aValueFromAFileIsNeverQuotedBack() {
        assertEquals("warren.rabbitmq.heartbeat-seconds: the content of warren.rabbitmq.heartbeat-seconds-file is not a whole number",
                refusal(Map.of("warren.rabbitmq.heartbeat-seconds", "SECRETxfoo", "warren.rabbitmq.heartbeat-seconds-file",
                        "/run/secrets/hb"), s -> s.number("warren.rabbitmq.heartbeat-seconds", 0)));
    }

    @Test
    void aKeyIsOneLineAndIsNeverQuotedBack() {
        assertEquals(Optional.of("wrn_key"), settings(Map.of("warren.auth.admin-key", "wrn_key")).oneLine("warren.auth.admin-key"));
        assertEquals("warren.auth.admin-key is more than one line",
                refusal(Map.of("warren.auth.admin-key", "SECRET\nmore"), s -> s.oneLine("warren.auth.admin-key")));
        assertEquals("warren.auth.admin-key: the content of warren.auth.admin-key-file is more than one line",
                refusal(Map.of("warren.auth.admin-key", "SECRET\r\nmore", "warren.auth.admin-key-file", "/run/secrets/k"),
                        s -> s.oneLine("warren.auth.admin-key")));
    }

    @Test
    void aUriMustHaveItsSchemeAHostAndAValidPortAndIsNeverQuotedBack() {
        List<String> amqp = List.of("amqp", "amqps");
        assertEquals("rabbit", settings(Map.of("u", "amqp://guest:pw@rabbit:5672/%2F")).uri("u", amqp).getHost());
        assertEquals("rabbit", settings(Map.of("u", "AMQPS://rabbit")).uri("u", amqp).getHost());
        for (String bad : List.of("amqp://guest:SECRETpw@localhost:notaport", "amqp://guest:SECRETpw@rab_bit:5672",
                "ht tp://guest:SECRETpw@localhost", "http://guest:SECRETpw@localhost:15672", "amqp://guest:SECRETpw@h:70000",
                "guest:SECRETpw@localhost")) {
            String message = refusal(Map.of("warren.rabbitmq.uri", bad), s -> s.uri("warren.rabbitmq.uri", amqp));
            assertTrue(message.startsWith("warren.rabbitmq.uri is not a URI such as amqp://"), message);
            assertFalse(message.contains("SECRET"), message);
        }
    }

    @Test
    void theFailureIsFoundAmongTheCausesOfWhatStartUpThrew() {
        Settings.Invalid invalid = new Settings.Invalid("k: 'x' is not a whole number");
        assertEquals(Optional.of(invalid), Settings.Invalid.in(new RuntimeException(new IllegalStateException(invalid))));
        assertEquals(Optional.empty(), Settings.Invalid.in(new RuntimeException("other")));
    }

    @Test
    void theManagementPortIsTheServerPort() {
        assertEquals(18400, PropertyPrecedence.port(settings(Map.of("camel.server.port", "18400",
                "camel.management.port", "18400"))));
        assertEquals(18400, PropertyPrecedence.port(settings(Map.of("camel.server.port", "18400"))));
        assertEquals("camel.management.port: '9876' is not camel.server.port (18400): health, metrics and Jolokia share "
                        + "the API's port (camel.management.port={{camel.server.port}})",
                refusal(Map.of("camel.server.port", "18400", "camel.management.port", "9876"), PropertyPrecedence::port));
    }

    @Test
    void anEnvironmentVariableIsTheKeyInUpperCaseWithUnderscores() {
        PropertyPrecedence.EnvironmentVariables environment = new PropertyPrecedence.EnvironmentVariables();
        assertEquals(System.getenv("PATH"), environment.getProperty("path"));
        assertEquals(null, environment.getProperty("warren.no-such.setting-" + System.nanoTime()));
    }
}
