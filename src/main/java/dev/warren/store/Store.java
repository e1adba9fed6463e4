package dev.warren.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Locale;

/** warren's database: an embedded H2 file by default, PostgreSQL in production; migrated by Flyway in {@link #start}. */
public final class Store implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean exclusive;
    private final Duration connectionTimeout;
    private final String url;
    private final String user;
    private final String password;
    private volatile String scope = "";

    /** The schema's migrations, V1 onwards: every store's history. */
    static final String MIGRATIONS = "classpath:db/migration";

    /** A new, empty store's schema in one step instead of the migrations up to its version (B25 for V1 to V25). */
    static final String BASELINE = "classpath:db/baseline";

    /** How long a caller waits for a connection when none is given in time (the database unreachable). */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    public Store(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** @param connectionTimeout how long a caller waits for a connection before it fails */
    public Store(String url, String user, String password, int poolSize, Duration connectionTimeout) {
        this.exclusive = exclusive(url);
        this.connectionTimeout = connectionTimeout;
        this.url = url;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(durable(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("warren-store");
        // an unreachable database fails a caller within this, not Hikari's default 30 s (a publish waits on it)
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.min(1000, Math.max(250, connectionTimeout.toMillis() / 2)));
        this.dataSource = open(config, url);
        this.jdbi = Jdbi.create(dataSource);
    }

    /** The pool, or a clear refusal when the embedded H2 file is open in another process (it cannot be shared). */
    private static HikariDataSource open(HikariConfig config, String url) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (exclusive(url) && inUseElsewhere(e)) {
                throw new IllegalStateException(inUseMessage(url), e);
            }
            throw e;
        }
    }

    /** H2's DATABASE_ALREADY_OPEN (90020) somewhere in the causes. */
    static boolean inUseElsewhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    /** Names the file only (no URL options), and what to do instead. */
    static String inUseMessage(String url) {
        String file = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        return "The embedded store " + file + " is already open in another process (another warren instance?). The"
                + " embedded H2 store serves one warren instance only and cannot be shared: stop the other one, or run"
                + " several instances on a PostgreSQL store (warren.store.url=jdbc:postgresql://...), see docs/operations.md";
    }

    /** Brings the schema up to date (Flyway migrations); the wiring calls it once, before anything uses the store. */
    public Store start() {
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS, BASELINE).load().migrate();
        if (postgres()) {
            scope = jdbi.withHandle(h -> h.createQuery("SELECT current_database() || '.' || current_schema()")
                    .mapTo(String.class).one());
        }
        return this;
    }

    /** True for a PostgreSQL store: the one several warren instances can share (notifications, advisory locks). */
    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * The database and schema warren's tables live in: notification channels and advisory locks are database-wide,
     * so they are named after it (two warren deployments on one database, each on its schema, do not mix).
     */
    public String scope() {
        return scope;
    }

    /** A PostgreSQL notification channel of this store's scope for this topic (channels are database-wide). */
    public String channel(String topic) {
        String name = "warren_" + topic + "_" + Integer.toHexString(scope.hashCode());
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Tells the other instances on PostgreSQL of a change, when the handle's transaction commits: a notification on
     * this topic's channel naming what changed (they re-read it; the table is the truth). Nothing on the embedded store.
     */
    public void notifyOthers(org.jdbi.v3.core.Handle handle, String topic, String changed) {
        if (postgres()) {
            sendNotification(handle, topic, changed);
        }
    }

    /**
     * Sends a PostgreSQL notification on this topic's channel with the handle: in its transaction, it is delivered at
     * the commit (so nobody hears of a change it cannot read yet); outside one, at once.
     */
    public void sendNotification(org.jdbi.v3.core.Handle handle, String topic, String payload) {
        handle.createQuery("SELECT 1 FROM (SELECT pg_notify(:channel, :payload)) sent")
                .bind("channel", channel(topic)).bind("payload", payload).mapTo(Integer.class).one();
    }

    /** Sends a PostgreSQL notification on this topic's channel at once. */
    public void sendNotification(String topic, String payload) {
        jdbi.useHandle(handle -> sendNotification(handle, topic, payload));
    }

    /** A connection of its own outside the pool, for a session that must last (LISTEN, an advisory lock). */
    public java.sql.Connection openConnection() throws java.sql.SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, connectionTimeout.toSeconds())));
        properties.setProperty("tcpKeepAlive", "true");
        return java.sql.DriverManager.getConnection(url, properties);
    }

    /**
     * Runs the action, and once more when it failed on a duplicate key: another instance inserted the same row at the
     * same moment, and the second run finds it there.
     */
    public static <T> T againIfInsertedMeanwhile(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return action.get();
            }
            throw e;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The connection pool, for the few statements that run for every task without JDBI's set-up. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** How long a caller waits for a connection before it fails. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** True when no other process can write this database, so that what this one holds in memory is the whole story. */
    public boolean exclusive() {
        return exclusive;
    }

    /** An embedded H2 database (a file H2 locks, or memory) is this process's alone; a server may have other clients. */
    static boolean exclusive(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:")
                && !lower.contains("auto_server=true");
    }

    /**
     * The URL with H2's write delay off for an embedded H2 file, unless the URL sets one: by default H2 writes a commit
     * to its file up to 500 ms later, and a kill -9 loses it (jobs of accepted and delivered tasks went missing).
     */
    static String durable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean embeddedFile = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
                && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
        return embeddedFile && !lower.contains(";write_delay=") ? url + ";WRITE_DELAY=0" : url;
    }

    /** True when the database answers within about a second (after a connection was given within the timeout). */
    public boolean isUp() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
