package dev.warren.store;

import dev.warren.support.TestStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The baseline migration (B25) makes a new store's schema exactly as the migrations V1 to V25 do, on H2 and PostgreSQL:
 * tables, columns, identity options, indexes, constraints, sequences and functions compared as each database reports
 * them. Stores that have a history keep migrating one V migration after the other; the migrations after V25 run after
 * the baseline as after V25.
 */
class BaselineSchemaIT {

    @TempDir
    Path directory;

    private final List<Database> postgresSchemas = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aNewStoreStartsFromTheBaselineWithTheSchemaOfTheMigrations(String kind) throws Exception {
        Database chain = migratedWithoutBaseline(kind, "latest");
        Database baseline = startedByWarren(kind);

        assertEquals(List.of("25 BASELINE", "26 SQL"), applied(baseline, Store.MIGRATIONS, Store.BASELINE));

        assertEquals(chain.schema(), baseline.schema());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aStoreAtVersion23MigratesOnToTheSameSchemaWithTheBaselinePresent(String kind) throws Exception {
        Database old = migratedWithoutBaseline(kind, "23");
        old.store().close();
        Database baseline = startedByWarren(kind);

        assertEquals("1 2 3 4 5 6 7 20 21 22 23 24 25 26", versions(applied(old, Store.MIGRATIONS, Store.BASELINE)));
        assertEquals(baseline.schema(), old.schema());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLaterMigrationRunsAfterTheBaselineOnNewStoresAndAfterVersion25OnOldOnes(String kind) throws Exception {
        Database old = migratedWithoutBaseline(kind, "latest");
        Database baseline = startedByWarren(kind);
        baseline.store().close(); // started again: Flyway validates a baseline store's history against V1 to V25

        for (Database store : List.of(old, baseline)) {
            store.flyway(Store.MIGRATIONS, Store.BASELINE, "classpath:db/future").load().migrate();
        }

        assertEquals("1 2 3 4 5 6 7 20 21 22 23 24 25 26 27",
                versions(applied(old, Store.MIGRATIONS, Store.BASELINE, "classpath:db/future")));
        assertEquals(List.of("25 BASELINE", "26 SQL", "27 SQL"),
                applied(baseline, Store.MIGRATIONS, Store.BASELINE, "classpath:db/future"));
        assertEquals(old.schema(), baseline.schema());
    }

    @AfterEach
    void dropPostgresSchemas() throws SQLException {
        for (Database database : postgresSchemas) {
            try (Connection connection = DriverManager.getConnection(database.url, database.user, database.password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + database.postgresSchema + " CASCADE");
            }
        }
    }

    /** The applied migrations of the store's history: version and type (BASELINE for B25, else SQL or JDBC). */
    private static List<String> applied(Database database, String... locations) {
        MigrationInfo[] applied = database.flyway(locations).load().info().applied();
        return Arrays.stream(applied)
                .map(info -> info.getVersion() + " " + (info.getType().isBaseline() ? "BASELINE" : info.getType().name()))
                .toList();
    }

    private static String versions(List<String> applied) {
        return String.join(" ", applied.stream().map(migration -> migration.split(" ")[0]).toList());
    }

    /**
     * A new store migrated as a warren before the baseline did it: V1 onwards, up to the target (with the baseline
     * present, Flyway would start an empty store from B25 even with target 23).
     */
    private Database migratedWithoutBaseline(String kind, String target) throws SQLException {
        Database database = database(kind);
        database.flyway(Store.MIGRATIONS).target(target).load().migrate();
        return database;
    }

    /** A new store started as warren starts it. */
    private Database startedByWarren(String kind) throws SQLException {
        Database database = database(kind);
        database.store().close();
        return database;
    }

    private Database database(String kind) throws SQLException {
        if (kind.equals("h2")) {
            return new Database("jdbc:h2:file:" + directory.resolve(UUID.randomUUID().toString())
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "warren", "warren", null);
        }
        Map<String, String> store = TestStore.postgres().freshSchema();
        String url = store.get("warren.store.url");
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        Database database = new Database(url, store.get("warren.store.user"), store.get("warren.store.password"), schema);
        try (Connection connection = DriverManager.getConnection(database.url, database.user, database.password);
             Statement statement = connection.createStatement()) {
            // V20 installs pg_trgm in the first schema that needs it: never one of these, which are dropped with CASCADE
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
        }
        postgresSchemas.add(database);
        return database;
    }

    /** An empty database: an H2 file, or a PostgreSQL schema (named). */
    private record Database(String url, String user, String password, String postgresSchema) {

        FluentConfiguration flyway(String... locations) {
            return Flyway.configure().dataSource(url, user, password).locations(locations);
        }

        Store store() {
            return new Store(url, user, password, 2).start();
        }

        /** Everything the database reports of warren's schema, one line per object, in a fixed order. */
        String schema() throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                return postgresSchema == null ? SchemaDump.h2(connection) : SchemaDump.postgres(connection, postgresSchema);
            }
        }
    }
}
