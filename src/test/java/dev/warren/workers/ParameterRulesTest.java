package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's "parameters": only those its type declares, never warren's own, each value an inert token. */
class ParameterRulesTest {

    private static final WorkerTypes.WorkerType SCRAPER = new WorkerTypes.WorkerType("scraper", "routes/scraper.yaml",
            List.of(new WorkerTypes.Parameter("queue", true, null), new WorkerTypes.Parameter("consumers", false, "1"),
                    new WorkerTypes.Parameter("target", true, null), new WorkerTypes.Parameter("scheme", false, "https"),
                    new WorkerTypes.Parameter("label", false, "x")), null);

    @ParameterizedTest
    @ValueSource(strings = {"v1", "my-label_2.0", "A"})
    void anInertTokenIsTaken(String value) {
        assertEquals(List.of(), ParameterRules.errors(Map.of("label", value), SCRAPER));
    }

    @Test
    void aValueIsAtMostTwoHundredCharacters() {
        assertEquals(List.of(), ParameterRules.errors(Map.of("label", "x".repeat(200)), SCRAPER));
        assertEquals(1, ParameterRules.errors(Map.of("label", "x".repeat(201)), SCRAPER).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{env:HOME}}", "${sys:user.home}", "#class:java.lang.Runtime", "#bean:worker", "RAW(x)",
            "a&b=c", "a?b", "file:/tmp/x", "http://evil", "a b", "", "..", "a/../b", "a/b", "a\nb",
            "$simple{body}", "a%26b", "a=b", "a,b"})
    void aValueCamelCouldReadAsMoreThanTextIsRefusedNamingTheField(String value) {
        List<FieldError> errors = ParameterRules.errors(Map.of("label", value), SCRAPER);
        assertEquals(1, errors.size(), value + ": " + errors);
        assertEquals("parameters.label", errors.get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue", "consumers", "prefetch", "target", "targetUrl"})
    void aParameterWarrenSetsItselfIsRefused(String name) {
        List<FieldError> errors = ParameterRules.errors(Map.of(name, "x"), SCRAPER);
        assertEquals(List.of("parameters." + name), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void aParameterTheTypeDoesNotDeclareIsRefusedListingTheOnesItDoes() {
        List<FieldError> errors = ParameterRules.errors(Map.of("uri", "x"), SCRAPER);
        assertEquals(List.of("parameters.uri"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.get(0).message().contains("[scheme, label]"), errors.toString());
    }

    @Test
    void theSchemeIsHttpOrHttpsOnly() {
        assertEquals(List.of(), ParameterRules.errors(Map.of("scheme", "http"), SCRAPER));
        assertEquals(List.of(), ParameterRules.errors(Map.of("scheme", "HTTPS"), SCRAPER));
        assertEquals(1, ParameterRules.errors(Map.of("scheme", "file"), SCRAPER).size());
        assertEquals(1, ParameterRules.errors(Map.of("scheme", "ftp"), SCRAPER).size());
    }
}
