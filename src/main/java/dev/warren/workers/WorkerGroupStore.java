package dev.warren.workers;

import dev.warren.common.Json;
import dev.warren.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Keeps worker group configurations in warren's store so that groups survive a restart. */
public final class WorkerGroupStore {

    /** The store's notification topic for changes of groups (the queue's name, or a Kafka group's "kafka:{topic}"). */
    public static final String CHANNEL = "groups";

    private final Store store;

    public WorkerGroupStore(Store store) {
        this.store = store;
    }

    public void save(WorkerGroupConfig config) {
        String json = new String(Json.write(config), java.nio.charset.StandardCharsets.UTF_8);
        store.jdbi().useTransaction(h -> {
            int updated = h.createUpdate("UPDATE worker_groups SET config = :config, updated_at = :now WHERE queue = :queue")
                    .bind("config", json).bind("now", Instant.now()).bind("queue", config.queue()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO worker_groups (queue, config, updated_at) VALUES (:queue, :config, :now)")
                        .bind("queue", config.queue()).bind("config", json).bind("now", Instant.now()).execute();
            }
            notifyOthers(h, config.queue());
        });
    }

    public void delete(String queue) {
        store.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM worker_groups WHERE queue = :queue").bind("queue", queue).execute();
            notifyOthers(h, queue);
        });
    }

    /** The stored group of a queue, if any. */
    public java.util.Optional<WorkerGroupConfig> find(String queue) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT config FROM worker_groups WHERE queue = :queue")
                .bind("queue", queue).mapTo(String.class).findOne()).map(WorkerGroupStore::read);
    }

    /** The queues that have a stored group. */
    public List<String> queues() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT queue FROM worker_groups ORDER BY queue")
                .mapTo(String.class).list());
    }

    /** Tells the other instances on PostgreSQL that the queue's group changed (heard through StoreNotifications). */
    private void notifyOthers(org.jdbi.v3.core.Handle handle, String queue) {
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
