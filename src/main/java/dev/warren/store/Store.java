package dev.warren.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.util.Locale;

/** warren's database: an embedded H2 file by default, PostgreSQL in production; migrated by Flyway on start. */
public final class Store implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean exclusive;

    public Store(String url, String user, String password, int poolSize) {
        this.exclusive = exclusive(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("warren-store");
        this.dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        this.jdbi = Jdbi.create(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The connection pool, for the few statements that run for every task without JDBI's set-up. */
    public DataSource dataSource() {
        return dataSource;
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

    /** True when the database answers a trivial query. */
    public boolean isUp() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
