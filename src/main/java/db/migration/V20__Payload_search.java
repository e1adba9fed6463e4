package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Payload search on PostgreSQL: the text of text and JSON payloads as an immutable function, and a pg_trgm GIN index
 * on it that serves {@code ILIKE '%term%'}. On H2, or when pg_trgm cannot be created, nothing: the search then scans a
 * bounded number of jobs (JobSearch). Java, not SQL, because the same migrations run on both databases.
 */
public class V20__Payload_search extends BaseJavaMigration {

    /** Text and JSON payloads as text (the legacy text column first), else null; never fails on bytes that are not UTF-8. */
    private static final String FUNCTION = """
            CREATE OR REPLACE FUNCTION warren_payload_text(legacy TEXT, bytes BYTEA, content_type VARCHAR) RETURNS TEXT
            LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
            BEGIN
                IF legacy IS NOT NULL THEN
                    RETURN legacy;
                END IF;
                IF bytes IS NULL OR content_type IS NOT NULL AND NOT (lower(content_type) LIKE 'text/%'
                        OR lower(trim(split_part(content_type, ';', 1))) IN ('application/json')
                        OR lower(trim(split_part(content_type, ';', 1))) LIKE '%+json') THEN
                    RETURN NULL;
                END IF;
                RETURN convert_from(bytes, 'UTF8');
            EXCEPTION WHEN OTHERS THEN
                RETURN NULL;
            END
            $fn$""";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(FUNCTION);
            Optional<String> trgm = trigramSchema(connection);
            if (trgm.isEmpty()) {
                statement.execute("SAVEPOINT before_trgm");
                try {
                    statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
                    statement.execute("RELEASE SAVEPOINT before_trgm");
                } catch (SQLException e) {
                    // a user that may not create extensions: search works without the index, by a bounded scan
                    statement.execute("ROLLBACK TO SAVEPOINT before_trgm");
                    return;
                }
                trgm = trigramSchema(connection);
            }
            if (trgm.isPresent()) {
                // the operator class is qualified: the extension may live in a schema that is not on the search path
                statement.execute("CREATE INDEX jobs_payload_trgm ON jobs USING gin "
                        + "(warren_payload_text(payload, payload_bytes, content_type) \"" + trgm.get().replace("\"", "\"\"")
                        + "\".gin_trgm_ops)");
            }
        }
    }

    private static Optional<String> trigramSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
