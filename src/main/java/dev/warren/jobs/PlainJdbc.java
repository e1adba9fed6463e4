package dev.warren.jobs;

import org.jdbi.v3.core.Handle;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Plain JDBC statements on a JDBI handle's connection, for the few that run for every delivered task: JDBI's
 * per-statement set-up (config copies, argument binding) cost a third of the job writer's time there.
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

    private static PreparedStatement prepare(Handle handle, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = handle.getConnection().prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
