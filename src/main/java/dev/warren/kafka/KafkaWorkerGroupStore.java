package dev.warren.kafka;

import dev.warren.common.Json;
import dev.warren.store.Store;
import dev.warren.workers.WorkerGroupSpec;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

    /**
     * Changes the stored group of a topic on its latest version, its row read FOR UPDATE until the commit, so changes
     * made at once through several instances apply one after another; empty when none is stored (none is re-created).
     * Nothing is written, and no instance told, when the change leaves the group as it was.
     */
    public Optional<Stored> update(String topic, UnaryOperator<Stored> change) {
        return store.jdbi().inTransaction(h -> {
            Optional<Stored> stored = findForUpdate(h, topic);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Stored changed = change.apply(stored.get());
            if (!changed.equals(stored.get())) {
                write(h, changed);
            }
            return Optional.of(changed);
        });
    }

    /** Stores the group the make function gives for what is stored (null when none); the only way a row is created. */
    public Stored put(String topic, UnaryOperator<Stored> make) {
        return Store.againIfInsertedMeanwhile(() -> putOnce(topic, make));
    }

    private Stored putOnce(String topic, UnaryOperator<Stored> make) {
        return store.jdbi().inTransaction(h -> {
            Optional<Stored> stored = findForUpdate(h, topic);
            Stored group = make.apply(stored.orElse(null));
            if (stored.isPresent()) {
                write(h, group);
            } else {
                h.createUpdate("INSERT INTO kafka_worker_groups (topic, spec, paused, updated_at)"
                                + " VALUES (:topic, :spec, :paused, :now)")
                        .bind("topic", topic).bind("spec", json(group)).bind("paused", group.paused())
                        .bind("now", Instant.now()).execute();
                store.notifyOthers(h, CHANNEL, topic);
            }
            return group;
        });
    }

    /** Deletes the topic's group; false when none was stored. */
    public boolean delete(String topic) {
        return store.jdbi().inTransaction(h -> {
            int deleted = h.createUpdate("DELETE FROM kafka_worker_groups WHERE topic = :topic").bind("topic", topic).execute();
            if (deleted > 0) {
                store.notifyOthers(h, CHANNEL, topic);
            }
            return deleted > 0;
        });
    }

    private static Optional<Stored> findForUpdate(Handle h, String topic) {
        return h.createQuery("SELECT topic, spec, paused FROM kafka_worker_groups WHERE topic = :topic FOR UPDATE")
                .bind("topic", topic).map((rs, ctx) -> read(rs.getString("topic"), rs.getString("spec"), rs.getBoolean("paused")))
                .findOne();
    }

    private void write(Handle h, Stored group) {
        h.createUpdate("UPDATE kafka_worker_groups SET spec = :spec, paused = :paused, updated_at = :now WHERE topic = :topic")
                .bind("spec", json(group)).bind("paused", group.paused()).bind("now", Instant.now())
                .bind("topic", group.topic()).execute();
        store.notifyOthers(h, CHANNEL, group.topic());
    }

    private static String json(Stored group) {
        return new String(Json.write(group.spec()), StandardCharsets.UTF_8);
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
