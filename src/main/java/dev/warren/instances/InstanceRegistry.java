package dev.warren.instances;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.warren.common.Json;
import dev.warren.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This instance's heartbeat in the store (a row in warren_instances, written every heartbeat with the store's clock)
 * and the live instances it reads back; tells a listener when the live set changes. The row is deleted on a clean stop.
 */
public final class InstanceRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRegistry.class);
    private static final TypeReference<Map<String, Integer>> RUNNING = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> HASHES = new TypeReference<>() { };

    private final Store store;
    private final String id;
    private final String host;
    private final Duration expire;
    private final Supplier<Map<String, Integer>> running;
    private final Supplier<Map<String, String>> typeHashes;
    private volatile List<Instance> live;
    private volatile Runnable membershipChanged = () -> { };
    private Set<String> differingTypes = Set.of();
    private ScheduledExecutorService scheduler;

    /**
     * @param running    consumers running on this instance, by queue
     * @param typeHashes the hash of each worker type's definition in this instance's routes/
     */
    public InstanceRegistry(Store store, Duration expire, Supplier<Map<String, Integer>> running,
                            Supplier<Map<String, String>> typeHashes) {
        this.store = store;
        this.id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.host = hostName();
        this.expire = expire;
        this.running = running;
        this.typeHashes = typeHashes;
        this.live = List.of(new Instance(id, host, Instant.now(), Map.of(), Map.of()));
    }

    public String id() {
        return id;
    }

    /** The live instances, this one always among them, sorted by id. */
    public List<Instance> live() {
        return live;
    }

    public List<String> liveIds() {
        return LiveInstances.ids(live);
    }

    /** Who is told when an instance joins or leaves. */
    public void onMembershipChanged(Runnable listener) {
        this.membershipChanged = listener;
    }

    /** Writes the first heartbeat now (so that start-up sees the others), then every interval on this scheduler. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        this.scheduler = scheduler;
        beatSafely();
        LOG.info("warren instance {} on {}; live instances: {}", id, host, liveIds());
        scheduler.scheduleWithFixedDelay(this::beatSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            // the store is unreachable: keep the last known set rather than take every share alone
            LOG.warn("Instance heartbeat failed: {}", e.getMessage());
        }
    }

    /** Writes this instance's row and reads every row back. */
    void beat() {
        String runningJson = new String(Json.write(running.get()), StandardCharsets.UTF_8);
        String hashesJson = new String(Json.write(typeHashes.get()), StandardCharsets.UTF_8);
        List<Instance> rows = new ArrayList<>();
        Instant[] now = new Instant[1];
        store.jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO warren_instances (id, host, started_at, heartbeat_at, running, type_hashes)"
                            + " VALUES (:id, :host, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :running, :hashes)"
                            + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = CURRENT_TIMESTAMP, running = :running,"
                            + " type_hashes = :hashes")
                    .bind("id", id).bind("host", host).bind("running", runningJson).bind("hashes", hashesJson).execute();
            // rows of instances gone for long (killed): nobody else deletes them
            h.createUpdate("DELETE FROM warren_instances WHERE heartbeat_at < CURRENT_TIMESTAMP - INTERVAL '1 hour'").execute();
            now[0] = h.createQuery("SELECT CURRENT_TIMESTAMP").mapTo(OffsetDateTime.class).one().toInstant();
            h.createQuery("SELECT id, host, heartbeat_at, running, type_hashes FROM warren_instances")
                    .map((rs, ctx) -> new Instance(rs.getString("id"), rs.getString("host"),
                            rs.getObject("heartbeat_at", OffsetDateTime.class).toInstant(),
                            read(rs.getString("running"), RUNNING), read(rs.getString("type_hashes"), HASHES)))
                    .forEach(rows::add);
        });
        List<Instance> found = LiveInstances.live(rows, now[0], expire);
        if (found.stream().noneMatch(i -> i.id().equals(id))) {
            List<Instance> withSelf = new ArrayList<>(found);
            withSelf.add(new Instance(id, host, now[0], running.get(), typeHashes.get()));
            found = LiveInstances.live(withSelf, now[0], expire.plusDays(1));
        }
        List<String> before = liveIds();
        live = found;
        warnAboutTypes(found);
        if (!before.equals(liveIds())) {
            LOG.info("Live warren instances now {} (were {})", liveIds(), before);
            membershipChanged.run();
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("An instance row cannot be read", e);
        }
    }

    private void warnAboutTypes(List<Instance> instances) {
        Set<String> differing = TypeVersions.differing(instances);
        for (String type : differing) {
            if (!differingTypes.contains(type)) {
                LOG.warn("Worker type {} is not the same on every live instance (routes/ differ): {}", type,
                        instances.stream().map(i -> i.id() + "=" + i.typeHashes().getOrDefault(type, "missing")).toList());
            }
        }
        differingTypes = differing;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        try {
            store.jdbi().useHandle(h -> h.createUpdate("DELETE FROM warren_instances WHERE id = :id").bind("id", id).execute());
            LOG.info("warren instance {} left", id);
        } catch (RuntimeException e) {
            LOG.warn("Instance {} could not remove its heartbeat (others take its share once it expires): {}", id,
                    e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
