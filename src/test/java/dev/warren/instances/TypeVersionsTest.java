package dev.warren.instances;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether the live instances have one same definition of a worker type. */
class TypeVersionsTest {

    private static Instance with(String id, Map<String, String> hashes) {
        return new Instance(id, "host", Instant.EPOCH, Map.of(), hashes);
    }

    @Test
    void theSameHashEverywhereAgrees() {
        assertTrue(TypeVersions.agree("http", List.of(with("a", Map.of("http", "1")), with("b", Map.of("http", "1")))));
    }

    @Test
    void anotherHashOrAMissingTypeDiffers() {
        assertFalse(TypeVersions.agree("http", List.of(with("a", Map.of("http", "1")), with("b", Map.of("http", "2")))));
        assertFalse(TypeVersions.agree("http", List.of(with("a", Map.of("http", "1")), with("b", Map.of()))));
    }

    @Test
    void differingListsOnlyTheTypesThatDiffer() {
        assertEquals(Set.of("scraper"), TypeVersions.differing(List.of(
                with("a", Map.of("http", "1", "scraper", "x")), with("b", Map.of("http", "1", "scraper", "y")))));
    }
}
