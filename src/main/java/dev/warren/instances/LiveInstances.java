package dev.warren.instances;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Which instances are alive: a heartbeat newer than the expiry, by the store's clock; sorted by id. */
public final class LiveInstances {

    private LiveInstances() {
    }

    /** The rows whose heartbeat is newer than now minus expire, sorted by id. */
    public static List<Instance> live(List<Instance> rows, Instant now, Duration expire) {
        Instant oldest = now.minus(expire);
        return rows.stream().filter(i -> i.heartbeat().isAfter(oldest)).sorted(Comparator.comparing(Instance::id)).toList();
    }

    /** The ids of these instances, sorted. */
    public static List<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::id).sorted().toList();
    }
}
