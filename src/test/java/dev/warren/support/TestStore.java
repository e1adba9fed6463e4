package dev.warren.support;

import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL the tests run against: WARREN_TEST_POSTGRES_URL (+ _USER, _PASSWORD) when set, else a
 * Testcontainers database where Docker runs, else the local one (127.0.0.1:5432, database test, trust auth).
 * Each call to {@link #freshSchema()} gives a new, empty schema so tests never share state.
 */
public final class TestStore {

    private static TestStore instance;

    private final String url;
    private final String user;
    private final String password;

    private TestStore(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestStore postgres() {
        if (instance == null) {
            String url = System.getenv("WARREN_TEST_POSTGRES_URL");
            if (url != null) {
                instance = new TestStore(url, System.getenv().getOrDefault("WARREN_TEST_POSTGRES_USER", "postgres"),
                        System.getenv().getOrDefault("WARREN_TEST_POSTGRES_PASSWORD", ""));
            } else if (TestBroker.dockerAvailable()) {
                PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16");
                container.start();
                instance = new TestStore(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            } else {
                instance = new TestStore("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
            }
        }
        return instance;
    }

    /** warren properties pointing its store at a new empty schema of this database. */
    public Map<String, String> freshSchema() throws SQLException {
        String schema = "warren_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        String separator = url.contains("?") ? "&" : "?";
        return Map.of("warren.store.url", url + separator + "currentSchema=" + schema,
                "warren.store.user", user, "warren.store.password", password.isEmpty() ? "unused" : password);
    }

    /** A database of its own on this server, made with these CREATE DATABASE options, that close() drops. */
    public record Database(TestStore server, String name, Map<String, String> properties) implements AutoCloseable {

        /** The connection to this database, as warren's store makes it. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(properties.get("warren.store.url"), server.user, server.password);
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = DriverManager.getConnection(server.url, server.user, server.password)) {
                connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /** A new database on this server (e.g. with another collation than the test database's), for one test. */
    public Database freshDatabase(String options) throws SQLException {
        String name = "warren_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name + " " + options);
        }
        String database = url.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
        return new Database(this, name, Map.of("warren.store.url", database, "warren.store.user", user,
                "warren.store.password", password.isEmpty() ? "unused" : password));
    }

    /** A migrated store of this kind: "h2", a new embedded file under this directory, or "postgres", a new schema. */
    public static dev.warren.store.Store started(String kind, java.nio.file.Path directory) throws SQLException {
        if (kind.equals("h2")) {
            return new dev.warren.store.Store("jdbc:h2:file:" + directory.resolve(UUID.randomUUID().toString())
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "warren", "warren", 4).start();
        }
        Map<String, String> schema = postgres().freshSchema();
        return new dev.warren.store.Store(schema.get("warren.store.url"), schema.get("warren.store.user"),
                schema.get("warren.store.password"), 4).start();
    }
}
