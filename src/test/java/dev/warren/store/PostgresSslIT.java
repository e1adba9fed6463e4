package dev.warren.store;

import dev.warren.config.Beans;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * warren.store.ssl-mode reaches the PostgreSQL driver: on a server with ssl on, warren's own connections are
 * encrypted; on one with ssl off (as the local test server and the default container are), require refuses to start.
 */
class PostgresSslIT {

    @Test
    void sslModeRequireGivesEncryptedConnectionsOrRefusesAServerWithoutSsl() throws Exception {
        Map<String, String> properties = new HashMap<>(TestStore.postgres().freshSchema());
        properties.put("warren.store.ssl-mode", "require");
        if (serverHasSsl(properties)) {
            try (RunningWarren warren = RunningWarren.start(properties)) {
                Store store = warren.camel().getRegistry().lookupByNameAndType(Beans.STORE, Store.class);
                try (Connection connection = store.dataSource().getConnection();
                     ResultSet ssl = connection.createStatement()
                             .executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
                    assertTrue(ssl.next() && ssl.getBoolean(1), "warren's store connection is encrypted");
                }
            }
        } else {
            Exception refused = assertThrows(Exception.class, () -> RunningWarren.start(properties).close());
            String messages = messages(refused);
            assertTrue(messages.contains("The server does not support SSL"), messages);
        }
    }

    @Test
    void sslModeInTheStoreUrlReachesTheDriverToo() throws Exception {
        Map<String, String> properties = new HashMap<>(TestStore.postgres().freshSchema());
        properties.put("warren.store.url", properties.get("warren.store.url") + "&sslmode=disable");
        try (RunningWarren warren = RunningWarren.start(properties)) {
            Store store = warren.camel().getRegistry().lookupByNameAndType(Beans.STORE, Store.class);
            try (Connection connection = store.dataSource().getConnection();
                 ResultSet ssl = connection.createStatement()
                         .executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
                assertTrue(ssl.next() && !ssl.getBoolean(1), "sslmode=disable gives a plain connection");
            }
        }
    }

    private static boolean serverHasSsl(Map<String, String> properties) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(properties.get("warren.store.url"),
                properties.get("warren.store.user"), properties.get("warren.store.password"));
             ResultSet ssl = connection.createStatement().executeQuery("show ssl")) {
            ssl.next();
            return "on".equals(ssl.getString(1));
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append(" / ");
        }
        return all.toString();
    }
}
