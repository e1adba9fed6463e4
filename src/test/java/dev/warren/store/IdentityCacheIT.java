package dev.warren.store;

import dev.warren.support.TestStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded store's cheaper schema (V24, V25): a kill -9 may skip job numbers, never reuse one; PostgreSQL unchanged. */
class IdentityCacheIT {

    @TempDir
    Path directory;

    @Test
    void afterAKillTheEmbeddedStoreKeepsEveryJobAndNumbersNewOnesAboveThem() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("warren") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Store store = new Store(url, "warren", "warren", 2).start(); Connection connection = store.dataSource().getConnection()) {
            assertEquals(List.of("1000"), column(connection,
                    "SELECT identity_cache FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'seq'"));
            assertEquals(List.of("1000"), column(connection,
                    "SELECT identity_cache FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'seq'"));
            assertEquals(List.of(), column(connection,
                    "SELECT index_name FROM information_schema.indexes WHERE index_name = 'jobs_created'"));
        }
        // another process inserts jobs, committed (as warren does: WRITE_DELAY=0), and is killed
        try (H2Shell writer = new H2Shell(Store.durable(url), "warren", "warren")) {
            writer.type(insert("a") + insert("b") + insert("c") + "SELECT 'inserted-' || count(*) FROM jobs;\n");
            Awaitility.await("the other process committed its jobs").atMost(Duration.ofSeconds(60))
                    .until(() -> writer.hasShown("inserted-3"));
        }

        try (Store store = new Store(url, "warren", "warren", 2).start(); Connection connection = store.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(insert("d"));
            }
            List<String> ids = column(connection, "SELECT id FROM jobs ORDER BY seq");
            assertEquals(List.of("a", "b", "c", "d"), ids, "every committed job kept, the new one numbered after them");
            assertEquals(List.of("4"), column(connection, "SELECT count(DISTINCT seq) FROM jobs"));
        }
    }

    @Test
    void postgresqlKeepsItsUncachedSequenceAndTheCreatedIndex() throws SQLException {
        Map<String, String> schema = TestStore.postgres().freshSchema();
        try (Store store = new Store(schema.get("warren.store.url"), schema.get("warren.store.user"),
                schema.get("warren.store.password"), 2).start(); Connection connection = store.dataSource().getConnection()) {
            // numbers from a per-connection cache would not follow the order of the inserts across connections
            assertEquals(List.of("1"), column(connection, "SELECT cache_size FROM pg_sequences WHERE schemaname = current_schema()"
                    + " AND sequencename = 'jobs_seq_seq'"));
            assertTrue(column(connection, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
                    .contains("jobs_created"), "the retention cleanup's index");
        }
    }

    private static String insert(String id) {
        return "INSERT INTO jobs (id, queue, status, generation, payload_hash, attempts, created_at, updated_at)"
                + " VALUES ('" + id + "', 'q', 'queued', 0, 'h', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);\n";
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
