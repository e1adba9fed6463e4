package dev.warren.schedules;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.warren.common.Json;
import dev.warren.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Keeps schedules in warren's store; the table is the truth every instance reads. */
public final class ScheduleStore {

    private static final String COLUMNS =
            "name, definition, next_run_at, last_run_at, last_job_ids, last_error, runs, created_at, updated_at";

    private final Store store;

    public ScheduleStore(Store store) {
        this.store = store;
    }

    /** Stores the schedule as defined now, keeping the history of its runs; true when it is new. */
    public boolean put(String name, ScheduleRequest definition, Instant nextRunAt, Instant now) {
        String json = new String(Json.write(definition), StandardCharsets.UTF_8);
        return store.jdbi().inTransaction(h -> {
            int updated = h.createUpdate("UPDATE schedules SET queue = :queue, definition = :definition, "
                            + "paused = :paused, next_run_at = :next, updated_at = :now WHERE name = :name")
                    .bind("queue", definition.queue()).bind("definition", json).bind("paused", definition.isPaused())
                    .bind("next", millis(nextRunAt)).bind("now", now.toEpochMilli()).bind("name", name).execute();
            if (updated > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO schedules (name, queue, definition, paused, next_run_at, runs, created_at, "
                            + "updated_at) VALUES (:name, :queue, :definition, :paused, :next, 0, :now, :now)")
                    .bind("name", name).bind("queue", definition.queue()).bind("definition", json)
                    .bind("paused", definition.isPaused()).bind("next", millis(nextRunAt))
                    .bind("now", now.toEpochMilli()).execute();
            return true;
        });
    }

    public Optional<Schedule> find(String name) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM schedules WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> read(rs)).findOne());
    }

    public List<Schedule> all() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM schedules ORDER BY name")
                .map((rs, ctx) -> read(rs)).list());
    }

    /** The schedules that publish to this queue. */
    public List<Schedule> onQueue(String queue) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM schedules WHERE queue = :queue "
                        + "ORDER BY name").bind("queue", queue).map((rs, ctx) -> read(rs)).list());
    }

    /** Sets the schedule's last error, leaving its runs and due time as they are. */
    public void noteError(String name, String error) {
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE schedules SET last_error = :error WHERE name = :name")
                .bind("error", truncate(error)).bind("name", name).execute());
    }

    /** The schedules with a run due at or before this time, the most overdue first. */
    public List<Schedule> due(Instant now, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM schedules WHERE next_run_at "
                        + "IS NOT NULL AND next_run_at <= :now ORDER BY next_run_at")
                .bind("now", now.toEpochMilli()).setMaxRows(limit).map((rs, ctx) -> read(rs)).list());
    }

    public boolean delete(String name) {
        return store.jdbi().withHandle(h -> h.createUpdate("DELETE FROM schedules WHERE name = :name")
                .bind("name", name).execute()) > 0;
    }

    /**
     * Records runs and moves the schedule on to its next due time, only if it is still due at the time this instance
     * read: false when another instance (or a change through the API) moved it first.
     */
    public boolean ran(String name, Instant due, Instant next, Instant lastRun, List<String> jobIds, String error,
                       int runs) {
        return store.jdbi().withHandle(h -> h.createUpdate("UPDATE schedules SET next_run_at = :next, "
                        + "last_run_at = :last, last_job_ids = :ids, last_error = :error, runs = runs + :runs "
                        + "WHERE name = :name AND next_run_at = :due")
                .bind("next", millis(next)).bind("last", millis(lastRun)).bind("ids", ids(jobIds))
                .bind("error", truncate(error)).bind("runs", runs).bind("name", name).bind("due", due.toEpochMilli())
                .execute()) == 1;
    }

    /** Records runs (asked for through the API, or published while the schedule changed); the next due time stays. */
    public void recordRuns(String name, Instant time, List<String> jobIds, String error, int runs) {
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE schedules SET last_run_at = :last, last_job_ids = :ids, "
                        + "last_error = :error, runs = runs + :runs WHERE name = :name")
                .bind("last", millis(time)).bind("ids", ids(jobIds)).bind("error", truncate(error))
                .bind("runs", runs).bind("name", name).execute());
    }

    private static Schedule read(ResultSet rs) throws SQLException {
        ScheduleRequest definition = Json.read(rs.getString("definition").getBytes(StandardCharsets.UTF_8),
                ScheduleRequest.class);
        String ids = rs.getString("last_job_ids");
        List<String> jobIds;
        try {
            jobIds = ids == null ? List.of() : Json.MAPPER.readValue(ids, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Schedule(rs.getString("name"), definition, instant(rs, "next_run_at"), instant(rs, "last_run_at"),
                jobIds, rs.getString("last_error"), rs.getLong("runs"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static Long millis(Instant time) {
        return time == null ? null : time.toEpochMilli();
    }

    private static String ids(List<String> jobIds) {
        return jobIds == null ? null : new String(Json.write(jobIds), StandardCharsets.UTF_8);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }

}
