package dev.warren.workers;

import dev.warren.common.Json;
import dev.warren.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Keeps worker group configurations in warren's store so that groups survive a restart. */
public final class WorkerGroupStore {

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
        });
    }

    public void delete(String queue) {
        store.jdbi().useHandle(h -> h.createUpdate("DELETE FROM worker_groups WHERE queue = :queue")
                .bind("queue", queue).execute());
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
