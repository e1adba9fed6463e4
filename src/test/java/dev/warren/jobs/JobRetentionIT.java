package dev.warren.jobs;

import dev.warren.store.Store;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The retention cleanup on both stores, over more jobs than one of its batches: every job ended past its status's
 * retention goes, and no other (jobs still to run, jobs ended since, a job created long ago that ended lately).
 */
class JobRetentionIT {

    @TempDir
    static Path directory;

    private record Row(String id, String status, Instant createdAt, Instant updatedAt, boolean due) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void deletesEveryJobEndedPastItsRetentionAndNoOther(String kind) throws Exception {
        Instant now = Instant.now();
        Instant finishedBefore = now.minus(Duration.ofDays(7));
        Instant failedBefore = now.minus(Duration.ofDays(30));
        List<Row> rows = new ArrayList<>();
        Instant at = now.minus(Duration.ofDays(40));
        for (int i = 0; i < 3 * JobSweeps.RETENTION_BATCH + 300; i++, at = at.plusSeconds(60)) {
            rows.add(row(i % 3 == 0 ? "failed" : i % 3 == 1 ? "finished" : "cancelled", at, at.plusSeconds(1), true));
            if (i % 100 == 0) {
                rows.add(row("queued", at, at, false));
                rows.add(row("finished", at, now.minus(Duration.ofDays(1)), false));
            }
        }
        rows.add(row("failed", now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(20)), false));
        Instant recent = now.minus(Duration.ofDays(2));
        rows.add(row("finished", recent, recent.plusSeconds(1), false));
        rows.add(row("cancelled", recent, recent.plusSeconds(1), false));
        rows.add(row("queued", recent, recent, false));

        try (Store store = TestStore.started(kind, directory); JobStore jobs = new JobStore(store, true)) {
            insertInOrder(store, rows);

            int deleted = jobs.deleteEnded(finishedBefore, failedBefore);

            Set<String> kept = new HashSet<>(store.jdbi().withHandle(handle ->
                    handle.createQuery("SELECT id FROM jobs").mapTo(String.class).list()));
            Set<String> expected = new HashSet<>(rows.stream().filter(row -> !row.due()).map(Row::id).toList());
            assertEquals(rows.stream().filter(Row::due).count(), deleted);
            assertEquals(expected, kept);
            assertEquals(0, jobs.deleteEnded(finishedBefore, failedBefore), "nothing left to delete");
        }
    }

    private static Row row(String status, Instant createdAt, Instant updatedAt, boolean due) {
        return new Row(status + "-" + UUID.randomUUID(), status, createdAt, updatedAt, due);
    }

    /** Inserted oldest first, as warren inserts them: seq follows creation. */
    private static void insertInOrder(Store store, List<Row> rows) {
        store.jdbi().useHandle(handle -> {
            var batch = handle.prepareBatch("INSERT INTO jobs (id, queue, status, generation, payload_hash, attempts, created_at,"
                    + " updated_at) VALUES (?, 'q', ?, 0, 'hash', 1, ?, ?)");
            for (Row row : rows) {
                batch.add(row.id(), row.status(), row.createdAt().atOffset(ZoneOffset.UTC), row.updatedAt().atOffset(ZoneOffset.UTC));
            }
            batch.execute();
        });
    }
}
