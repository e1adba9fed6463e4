package dev.warren.instances;

import dev.warren.store.Store;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The once-only turn on PostgreSQL: one holder at a time, and a closed turn never takes the lock again. */
class StoreTurnIT {

    @TempDir
    Path directory;

    @Test
    void aClosedTurnLetsTheOtherTakeOverAndNeverTakesTheLockBack() throws Exception {
        try (Store store = TestStore.started("postgres", directory)) {
            StoreTurn a = new StoreTurn(store, "Schedules", "a");
            StoreTurn b = new StoreTurn(store, "Schedules", "b");
            assertTrue(a.ours(), "the first to ask holds it");
            assertFalse(b.ours(), "one holder at a time");

            a.close();
            // a tick still under way on the stopping instance asks once more: it must not take the lock back
            assertFalse(a.ours(), "closed for good");
            assertTrue(b.ours(), "the other takes over");
            assertFalse(a.ours());
            b.close();
        }
    }
}
