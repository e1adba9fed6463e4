package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * On H2, the identity sequences of jobs and audit_log hand out numbers from a cache of 1000 instead of 32: H2 writes a
 * sequence's reserve to the database (a commit of its own, a chunk written to the file) each time its cache runs out,
 * once per 32 published tasks. A crash may then skip up to 1000 numbers, which only order rows and serve as cursors.
 * Not on PostgreSQL, whose cache is per connection: numbers would no longer follow the order of the inserts, which
 * newest-first lists and their cursors rely on.
 */
public class V24__Identity_cache extends BaseJavaMigration {

    /** How many numbers H2 reserves at a time. */
    static final int CACHE = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        if (!context.getConnection().getMetaData().getDatabaseProductName().equals("H2")) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE jobs ALTER COLUMN seq SET CACHE " + CACHE);
            statement.execute("ALTER TABLE audit_log ALTER COLUMN seq SET CACHE " + CACHE);
        }
    }
}
