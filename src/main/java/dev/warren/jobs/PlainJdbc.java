package dev.warren.jobs;

import org.jdbi.v3.core.Handle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Plain JDBC statements on a JDBI handle's connection, for the few that run for every published or delivered task:
 * JDBI's per-statement set-up (config copies, argument binding) cost a third of the job writer's time there.
 */
final class PlainJdbc {

    private PlainJdbc() {
    }

    /** Runs an insert, update or delete with positional parameters; answers how many rows it changed. */
    static int update(Handle handle, String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(handle, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Job store statement failed: " + e.getMessage(), e);
        }
    }

    /** The single int the query answers. */
    static int queryInt(Handle handle, String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(handle, sql, parameters); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("Job store query answered no row: " + sql);
            }
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Job store query failed: " + e.getMessage(), e);
        }
    }

    /** Runs one statement once per row of parameters, as one JDBC batch. */
    static void batch(Handle handle, String sql, List<Object[]> rows) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Job store batch failed: " + e.getMessage(), e);
        }
    }

    /** Runs a query and maps every row. */
    static <T> List<T> query(Handle handle, String sql, RowMapper<T> mapper, Object... parameters) {
        return query(handle.getConnection(), sql, mapper, parameters);
    }

    /** Runs a query on a connection of its own and maps every row. */
    static <T> List<T> query(DataSource dataSource, String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, mapper, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException("Job store query failed: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> mapped = new ArrayList<>();
            while (rows.next()) {
                mapped.add(mapper.map(rows));
            }
            return mapped;
        } catch (SQLException e) {
            throw new IllegalStateException("Job store query failed: " + e.getMessage(), e);
        }
    }

    /** "?, ?, ?" for an IN list of n values. */
    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Maps the current row of a result set. */
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static PreparedStatement prepare(Handle handle, String sql, Object... parameters) throws SQLException {
        return prepare(handle.getConnection(), sql, parameters);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, parameters);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
