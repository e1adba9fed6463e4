package dev.warren.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** warren's schema as the database itself reports it, one line per object in a fixed order, to compare two stores. */
final class SchemaDump {

    private static final String HISTORY = "flyway_schema_history";

    /** H2 names a constraint declared without a name after an internal counter, which differs from store to store. */
    private static final Pattern H2_GENERATED_NAME = Pattern.compile("\"CONSTRAINT_[0-9A-F]+\"");

    /** The trigram index's operator class, qualified unless pg_trgm went to this schema (the first to create it). */
    private static final Pattern TRIGRAM_SCHEMA = Pattern.compile("(\\S+\\.)?gin_trgm_ops");

    private SchemaDump() {
    }

    /** H2's own script of the schema (SCRIPT NODATA) but the history table and settings, its statements sorted. */
    static String h2(Connection connection) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (String statement : rows(connection, "SCRIPT NODATA")) {
            if (!statement.startsWith("--") && !statement.startsWith("CREATE USER") && !statement.startsWith("SET ") && !statement.contains(HISTORY)) {
                statements.add(H2_GENERATED_NAME.matcher(statement).replaceAll("\"CONSTRAINT_*\""));
            }
        }
        return String.join("\n", statements.stream().sorted().toList());
    }

    /**
     * PostgreSQL's catalog of the schema: columns in their order, constraints, indexes, sequences and functions (not
     * those of pg_trgm, which V20 creates in the first schema that needs it).
     */
    static String postgres(Connection connection, String schema) throws SQLException {
        List<String> lines = new ArrayList<>();
        lines.addAll(rows(connection, """
                SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, is_nullable,
                       column_default, is_identity, identity_generation, identity_start, identity_increment,
                       identity_minimum, identity_maximum, identity_cycle, collation_name
                FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'HISTORY'
                ORDER BY table_name, ordinal_position""".replace("HISTORY", HISTORY)));
        lines.addAll(rows(connection, """
                SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE c.connamespace = current_schema()::regnamespace AND t.relname <> 'HISTORY'
                ORDER BY t.relname, c.conname""".replace("HISTORY", HISTORY)));
        lines.addAll(rows(connection, """
                SELECT tablename, indexname, indexdef FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename <> 'HISTORY' ORDER BY tablename, indexname"""
                .replace("HISTORY", HISTORY)));
        lines.addAll(rows(connection, """
                SELECT sequencename, data_type, start_value, min_value, max_value, increment_by, cycle, cache_size
                FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename"""));
        lines.addAll(rows(connection, """
                SELECT proname, pg_get_functiondef(oid) FROM pg_proc
                WHERE pronamespace = current_schema()::regnamespace
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = pg_proc.oid AND d.deptype = 'e')
                ORDER BY proname"""));
        String dump = String.join("\n", lines).replace(schema + ".", "<schema>.");
        return TRIGRAM_SCHEMA.matcher(dump).replaceAll("gin_trgm_ops");
    }

    /** Each row of the query, its columns joined by " | ". */
    private static List<String> rows(Connection connection, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join(" | ", row));
            }
        }
        return rows;
    }
}
