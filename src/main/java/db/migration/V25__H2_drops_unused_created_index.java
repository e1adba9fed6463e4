package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * On H2, drops jobs_created: H2's planner serves no query with it (the retention cleanup scans jobs_status_seq, the
 * created-time filters of job lists go along jobs_seq, as EXPLAIN shows), and every published task paid its insert.
 * PostgreSQL keeps it: its planner served the retention cleanup with it then, and serves job lists filtered by
 * creation time with it still (the cleanup walks jobs_status_seq on both stores since).
 */
public class V25__H2_drops_unused_created_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        if (!context.getConnection().getMetaData().getDatabaseProductName().equals("H2")) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("DROP INDEX IF EXISTS jobs_created");
        }
    }
}
