package dev.warren.store;

import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobStore;
import dev.warren.jobs.JobView;
import dev.warren.support.TestStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A store made by an earlier warren keeps its jobs through the later migrations, on H2 and PostgreSQL. */
class MigrationUpgradeIT {

    @TempDir
    static Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPublishNotYetConfirmedInAVersion3StoreIsStillUnconfirmedAfterTheUpgrade(String kind) throws Exception {
        Map<String, String> store = kind.equals("h2")
                ? Map.of("warren.store.url", "jdbc:h2:file:" + directory.resolve("upgrade") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                        "warren.store.user", "warren", "warren.store.password", "warren")
                : TestStore.postgres().freshSchema();
        String url = store.get("warren.store.url");
        String user = store.get("warren.store.user");
        String password = store.get("warren.store.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("""
                    INSERT INTO jobs (id, queue, status, generation, confirmed, payload, payload_hash, attempts, created_at,
                                      updated_at)
                    VALUES ('unconfirmed', 'q', 'queued', 0, FALSE, '{}', 'h', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
                           ('confirmed', 'q', 'finished', 0, TRUE, '{}', 'h', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""");
        }

        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();

        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            assertEquals(List.of("confirmed", "unconfirmed"), ids(connection, "SELECT id FROM jobs ORDER BY id"));
            assertEquals(List.of("unconfirmed"), ids(connection, "SELECT id FROM unconfirmed_jobs"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobWhosePayloadAVersion4StoreKeptAsTextIsShownAndRepublishedAsThatJson(String kind) throws Exception {
        Map<String, String> store = kind.equals("h2")
                ? Map.of("warren.store.url", "jdbc:h2:file:" + directory.resolve("upgrade-v4") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                        "warren.store.user", "warren", "warren.store.password", "warren")
                : TestStore.postgres().freshSchema();
        String url = store.get("warren.store.url");
        String user = store.get("warren.store.user");
        String password = store.get("warren.store.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("""
                    INSERT INTO jobs (id, queue, status, generation, payload, payload_hash, attempts, created_at, updated_at)
                    VALUES ('old', 'q', 'failed', 0, '{"n":1}', 'h', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""");
        }

        try (Store upgraded = new Store(url, user, password, 2).start(); JobStore jobs = new JobStore(upgraded, true)) {
            JobView view = jobs.views().find("old").orElseThrow();
            assertEquals("json", view.payloadEncoding());
            assertEquals(1, view.payload().path("n").asInt(), String.valueOf(view.payload()));
            JobStore.Republish again = jobs.requeue("old", JobStatus.Change.REPLAY, null).orElseThrow();
            assertEquals("{\"n\":1}", new String(again.payload(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("application/json", again.contentType());
        }
    }

    private static List<String> ids(Connection connection, String sql) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
