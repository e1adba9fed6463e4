package dev.warren.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerAddressesTest {

    @Test
    void aBlankListMeansTheUrisHostAlone() {
        assertEquals(List.of(), BrokerAddresses.parse(null, 5672));
        assertEquals(List.of(), BrokerAddresses.parse("  ", 5672));
    }

    @Test
    void eachNodeIsHostColonPortAndAHostAloneTakesTheUrisPort() {
        assertEquals(List.of("rabbit-0.rabbit:5672", "rabbit-1.rabbit:5673", "10.0.0.7:5671", "[::1]:5674"),
                BrokerAddresses.parse("rabbit-0.rabbit:5672, rabbit-1.rabbit:5673 ,10.0.0.7,[::1]:5674", 5671));
    }

    @Test
    void aWrongEntryIsAConfigurationErrorNamingThePropertyAndTheEntryNotItsText() {
        for (String list : List.of("a:5672,", "a:0", "a:65536", "a:x", "guest:secret@a:5672", "a b:5672", "::1:5672")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> BrokerAddresses.parse(list, 5672),
                    list);
            assertTrue(e.getMessage().contains("warren.rabbitmq.addresses"), e.getMessage());
            assertTrue(e.getMessage().contains("entry "), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void aNodeListedTwiceIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BrokerAddresses.parse("a:5672,a", 5672));
        assertTrue(e.getMessage().contains("entry 2") && e.getMessage().contains("each node once"), e.getMessage());
    }
}
