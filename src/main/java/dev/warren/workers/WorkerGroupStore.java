package dev.warren.workers;

import dev.warren.common.Json;
import dev.warren.store.Store;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Keeps worker group configurations in warren's store so that groups survive a restart. */
public final class WorkerGroupStore {

    /** The store's notification topic for changes of groups (the queue's name, or a Kafka group's "kafka:{topic}"). */
    public static final String CHANNEL = "groups";

    private final Store store;

    public WorkerGroupStore(Store store) {
        this.store = store;
    }

    /**
     * A change of a stored group: the version it was made on (null when the change created it) and the one stored now
     * (the same when nothing changed).
     */
    public record Change(WorkerGroupConfig before, WorkerGroupConfig after) {
        public boolean changed() {
            return !java.util.Objects.equals(before, after);
        }
    }

    /**
     * Changes the stored group of a queue on its latest version: the row is read FOR UPDATE and held until the commit,
     * so changes made at once through several instances apply one after another, none on a stale copy. Empty when no
     * group is stored (one deleted meanwhile is not brought back); an exception of the change leaves the row as it was.
     */
    public Optional<Change> update(String queue, UnaryOperator<WorkerGroupConfig> change) {
        return store.jdbi().inTransaction(h -> {
            Optional<WorkerGroupConfig> stored = findForUpdate(h, queue);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            WorkerGroupConfig after = change.apply(stored.get());
            Change result = new Change(stored.get(), after);
            if (result.changed()) {
                write(h, after);
            }
            return Optional.of(result);
        });
    }

    /**
     * Stores the group the make function gives for what is stored (null when none), read FOR UPDATE as in
     * {@link #update}; the only way a group's row is created.
     */
    public Change put(String queue, UnaryOperator<WorkerGroupConfig> make) {
        return Store.againIfInsertedMeanwhile(() -> putOnce(queue, make));
    }

    private Change putOnce(String queue, UnaryOperator<WorkerGroupConfig> make) {
        return store.jdbi().inTransaction(h -> {
            Optional<WorkerGroupConfig> stored = findForUpdate(h, queue);
            WorkerGroupConfig config = make.apply(stored.orElse(null));
            if (stored.isPresent()) {
                write(h, config);
            } else {
                String json = new String(Json.write(config), StandardCharsets.UTF_8);
                h.createUpdate("INSERT INTO worker_groups (queue, config, updated_at) VALUES (:queue, :config, :now)")
                        .bind("queue", queue).bind("config", json).bind("now", Instant.now()).execute();
                notifyOthers(h, queue);
            }
            return new Change(stored.orElse(null), config);
        });
    }

    /** Deletes the queue's group; false when none was stored. */
    public boolean delete(String queue) {
        return store.jdbi().inTransaction(h -> {
            int deleted = h.createUpdate("DELETE FROM worker_groups WHERE queue = :queue").bind("queue", queue).execute();
            if (deleted > 0) {
                notifyOthers(h, queue);
            }
            return deleted > 0;
        });
    }

    private static Optional<WorkerGroupConfig> findForUpdate(Handle h, String queue) {
        return h.createQuery("SELECT config FROM worker_groups WHERE queue = :queue FOR UPDATE")
                .bind("queue", queue).mapTo(String.class).findOne().map(WorkerGroupStore::read);
    }

    private void write(Handle h, WorkerGroupConfig config) {
        String json = new String(Json.write(config), StandardCharsets.UTF_8);
        h.createUpdate("UPDATE worker_groups SET config = :config, updated_at = :now WHERE queue = :queue")
                .bind("config", json).bind("now", Instant.now()).bind("queue", config.queue()).execute();
        notifyOthers(h, config.queue());
    }

    /** The stored group of a queue, if any. */
    public Optional<WorkerGroupConfig> find(String queue) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT config FROM worker_groups WHERE queue = :queue")
                .bind("queue", queue).mapTo(String.class).findOne()).map(WorkerGroupStore::read);
    }

    /** The queues that have a stored group. */
    public List<String> queues() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT queue FROM worker_groups ORDER BY queue")
                .mapTo(String.class).list());
    }

    /** Tells the other instances on PostgreSQL that the queue's group changed (heard through StoreNotifications). */
    private void notifyOthers(Handle handle, String queue) {
        store.notifyOthers(handle, CHANNEL, queue);
    }

    public List<WorkerGroupConfig> all() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT config FROM worker_groups ORDER BY queue")
                .mapTo(String.class).list()).stream().map(WorkerGroupStore::read).toList();
    }

    private static WorkerGroupConfig read(String json) {
        try {
            return Json.MAPPER.readValue(json, WorkerGroupConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored worker group cannot be read: " + json, e);
        }
    }
}
