package dev.warren.ops;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UtcInstantsTest {

    @Test
    void readsWhatInstantWritesWithAnyFraction() {
        for (String text : new String[]{"2026-11-26T12:30:46Z", "2026-11-26T12:30:46.1Z", "2026-11-26T12:30:46.120Z",
                "2024-02-29T23:59:59.123456Z", "1970-01-01T00:00:00.000000001Z", "2026-12-31T00:00:00.987654321Z"}) {
            assertEquals(Optional.of(Instant.parse(text)), UtcInstants.parse(text), text);
        }
        Instant now = Instant.now();
        assertEquals(Optional.of(now), UtcInstants.parse(now.toString()));
    }

    @Test
    void leavesOtherFormsToInstantParse() {
        assertEquals(Optional.of(Instant.parse("+12026-11-26T12:30:46Z")), UtcInstants.parse("+12026-11-26T12:30:46Z"));
    }

    @Test
    void givesNothingForInvalidText() {
        for (String text : new String[]{"", "yesterday", "2026-02-30T12:30:46Z", "2026-13-01T12:30:46Z",
                "2026-11-26T12:30:46.1234567890Z",
                "2026-11-26 12:30:46Z", "2026-11-26T12:3a:46Z"}) {
            assertEquals(Optional.empty(), UtcInstants.parse(text), text);
        }
    }
}
