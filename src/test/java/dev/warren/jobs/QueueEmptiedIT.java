package dev.warren.jobs;

import dev.warren.store.Store;
import dev.warren.support.LogCapture;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record of when warren last emptied a queue and the reconciliation's one write that labels a queue's gone jobs by
 * it, on both stores; the queue name is only ever a parameter of the statements.
 */
class QueueEmptiedIT {

    /** A name the API would refuse, to show it never becomes SQL text. */
    private static final String QUEUE = "q'); DELETE FROM jobs; --";

    @TempDir
    static Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void jobsUnchangedSinceBeforeTheLastRecordedPurgeAreCancelledTheOtherGoneOnesFailedNeverPublishedOnesForgotten(String kind)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant purgedAt = now.minus(Duration.ofMinutes(5));
        Instant graceCutoff = now.minusSeconds(30);
        Instant unconfirmedCutoff = now.minusSeconds(60);
        Map<String, String> expected = new LinkedHashMap<>();
        try (Store store = TestStore.started(kind, directory); JobStore jobs = new JobStore(store, true)) {
            insert(store, "queued-before", QUEUE, "queued", purgedAt.minus(Duration.ofMinutes(5)), false);
            expected.put("queued-before", "cancelled");
            insert(store, "started-before", QUEUE, "started", purgedAt.minus(Duration.ofMinutes(4)), false);
            expected.put("started-before", "failed");
            insert(store, "retrying-before", QUEUE, "retrying", purgedAt.minusMillis(1), false);
            expected.put("retrying-before", "cancelled");
            insert(store, "queued-at-purge", QUEUE, "queued", purgedAt, false);
            expected.put("queued-at-purge", "failed");
            insert(store, "queued-after", QUEUE, "queued", purgedAt.plus(Duration.ofMinutes(2)), false);
            expected.put("queued-after", "failed");
            insert(store, "queued-within-grace", QUEUE, "queued", graceCutoff.plusSeconds(10), false);
            expected.put("queued-within-grace", "queued");
            // a publish whose confirm was never recorded (warren killed before it, or before its mark was written)
            insert(store, "unconfirmed-before", QUEUE, "queued", purgedAt.minus(Duration.ofMinutes(5)), true);
            expected.put("unconfirmed-before", "cancelled");
            // created after the purge, unconfirmed, and its queue holds nothing: the publish counts as never made
            insert(store, "unconfirmed-after", QUEUE, "queued", unconfirmedCutoff.minusSeconds(1), true);
            insert(store, "unconfirmed-recently", QUEUE, "queued", unconfirmedCutoff.plusSeconds(1), true);
            expected.put("unconfirmed-recently", "queued");
            insert(store, "unconfirmed-elsewhere", "elsewhere", "queued", unconfirmedCutoff.minusSeconds(1), true);
            expected.put("unconfirmed-elsewhere", "queued");
            insert(store, "failed-before", QUEUE, "failed", purgedAt.minus(Duration.ofMinutes(5)), false);
            expected.put("failed-before", "failed");
            insert(store, "other-queue-before", "other", "queued", purgedAt.minus(Duration.ofMinutes(5)), false);
            expected.put("other-queue-before", "queued");

            jobs.queueEmptied(QUEUE, new QueueEmptied(purgedAt.minus(Duration.ofMinutes(20)), QueueEmptied.By.DELETE));
            jobs.queueEmptied(QUEUE, new QueueEmptied(purgedAt, QueueEmptied.By.PURGE));
            jobs.queueEmptied(QUEUE, new QueueEmptied(purgedAt.minus(Duration.ofMinutes(10)), QueueEmptied.By.DELETE));
            assertEquals(Optional.of(new QueueEmptied(purgedAt, QueueEmptied.By.PURGE)),
                    store.jdbi().withHandle(handle -> JobSweeps.emptied(handle, QUEUE)), "the latest emptying is kept");

            GoneJobs.Marked marked = jobs.markGone(QUEUE, graceCutoff, unconfirmedCutoff, false);

            assertEquals(new GoneJobs.Marked(3, 3), marked);
            assertEquals(0, count(store, "SELECT COUNT(*) FROM jobs WHERE id = 'unconfirmed-after'"), "never published: gone");
            assertEquals(0, count(store, "SELECT COUNT(*) FROM unconfirmed_jobs WHERE id = 'unconfirmed-after'"), "with its mark");
            for (var job : expected.entrySet()) {
                assertEquals(job.getValue(), column(store, job.getKey(), "status"), job.getKey());
            }
            assertEquals(GoneJobs.purged(new QueueEmptied(purgedAt, QueueEmptied.By.PURGE)),
                    column(store, "queued-before", "error"));
            assertTrue(column(store, "queued-before", "error").contains("by a purge at " + purgedAt),
                    column(store, "queued-before", "error"));
            assertEquals(GoneJobs.GONE, column(store, "started-before", "error"), "a purge leaves a consumer's message alone");
            assertEquals(GoneJobs.GONE, column(store, "queued-after", "error"));
            assertEquals(List.of("elsewhere", "other"), jobs.queuesWithOpenJobs(graceCutoff, unconfirmedCutoff).stream()
                    .sorted().toList(), "the queue's jobs left open are too recent: within the grace, or unconfirmed");
            assertEquals(11, count(store, "SELECT COUNT(*) FROM jobs"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRecordTheStoreRefusesIsLoggedAndTheCallerGoesOn(String kind) throws Exception {
        try (Store store = TestStore.started(kind, directory); JobStore jobStore = new JobStore(store, true);
             LogCapture log = LogCapture.open()) {
            store.jdbi().useHandle(handle -> handle.execute("DROP TABLE emptied_queues"));
            Jobs jobs = new Jobs(jobStore, null, Duration.ofSeconds(5));

            jobs.queueEmptied("orders", Instant.now(), QueueEmptied.By.PURGE);

            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN dev.warren.jobs.Jobs The purge of queue "
                    + "orders was not recorded in the job store")), String.join("\n", log.lines()));
        }
    }

    private static void insert(Store store, String id, String queue, String status, Instant updatedAt, boolean unconfirmed) {
        store.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO jobs (id, queue, status, generation, payload_hash, attempts, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 0, 'hash', 0, ?, ?)", id, queue, status, updatedAt.atOffset(ZoneOffset.UTC),
                    updatedAt.atOffset(ZoneOffset.UTC));
            if (unconfirmed) {
                handle.execute("INSERT INTO unconfirmed_jobs (id) VALUES (?)", id);
            }
        });
    }

    private static int count(Store store, String sql) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static String column(Store store, String id, String column) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT " + column + " FROM jobs WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }
}
