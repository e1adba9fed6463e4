package dev.warren.kafka;

import dev.warren.common.Json;
import dev.warren.store.Store;
import dev.warren.workers.WorkerGroupSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the worker groups of Kafka topics in warren's store, so that they survive a restart and every instance on one
 * PostgreSQL store runs them; a change is announced to the others as "kafka:{topic}" on the queue groups' channel.
 */
public final class KafkaWorkerGroupStore {

    /** The store-notification channel on which instances tell each other that a Kafka group changed. */
    public static final String CHANNEL = "kafka-groups";

    /** A group as stored: its spec as put, and whether it is paused. */
    public record Stored(String topic, WorkerGroupSpec spec, boolean paused) {
    }

    private final Store store;

    public KafkaWorkerGroupStore(Store store) {
        this.store = store;
    }

    public void save(Stored group) {
        String json = new String(Json.write(group.spec()), StandardCharsets.UTF_8);
        store.jdbi().useTransaction(h -> {
            int updated = h.createUpdate("UPDATE kafka_worker_groups SET spec = :spec, paused = :paused, updated_at = :now"
                            + " WHERE topic = :topic")
                    .bind("spec", json).bind("paused", group.paused()).bind("now", Instant.now())
                    .bind("topic", group.topic()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO kafka_worker_groups (topic, spec, paused, updated_at)"
                                + " VALUES (:topic, :spec, :paused, :now)")
                        .bind("topic", group.topic()).bind("spec", json).bind("paused", group.paused())
                        .bind("now", Instant.now()).execute();
            }
            store.notifyOthers(h, CHANNEL, group.topic());
        });
    }

    public void delete(String topic) {
        store.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM kafka_worker_groups WHERE topic = :topic").bind("topic", topic).execute();
            store.notifyOthers(h, CHANNEL, topic);
        });
    }

    public Optional<Stored> find(String topic) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT topic, spec, paused FROM kafka_worker_groups WHERE topic = :topic")
                .bind("topic", topic).map((rs, ctx) -> read(rs.getString("topic"), rs.getString("spec"), rs.getBoolean("paused")))
                .findOne());
    }

    /** The topics that have a stored group. */
    public List<String> topics() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT topic FROM kafka_worker_groups ORDER BY topic")
                .mapTo(String.class).list());
    }

    private static Stored read(String topic, String json, boolean paused) {
        try {
            return new Stored(topic, Json.MAPPER.readValue(json, WorkerGroupSpec.class), paused);
        } catch (IOException e) {
            throw new UncheckedIOException("The stored Kafka worker group of " + topic + " cannot be read", e);
        }
    }
}
