package dev.warren.ops;

import dev.warren.workers.ListenerContainers;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupView;
import dev.warren.workers.WorkerGroups;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Notices worker groups that want consumers but have had none running for longer than a grace period. */
public final class ConsumerWatch {

    private final WorkerGroups groups;
    private final ListenerContainers containers;
    private final Duration grace;
    private final Clock clock;
    private final Map<String, Instant> starvedSince = new HashMap<>();

    public ConsumerWatch(WorkerGroups groups, ListenerContainers containers, Duration grace, Clock clock) {
        this.groups = groups;
        this.containers = containers;
        this.grace = grace;
        this.clock = clock;
    }

    /** Looks at every group now; answers the queues of those without consumers for longer than the grace. */
    public synchronized List<String> starved() {
        Instant now = clock.instant();
        Map<String, Instant> still = new HashMap<>();
        for (WorkerGroupView group : groups.all()) {
            if (desired(group.queue()) > 0 && running(group.queue()) == 0) {
                still.put(group.queue(), starvedSince.getOrDefault(group.queue(), now));
            }
        }
        starvedSince.clear();
        starvedSince.putAll(still);
        return still.entrySet().stream().filter(e -> !e.getValue().plus(grace).isAfter(now))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Consumers the group should have on this instance now: its share of the group's count (an instance with none of
     * a group of 1 is not starved), 0 when paused, scaled to 0 or gone.
     */
    public int desired(String queue) {
        WorkerGroupConfig config = groups.config(queue);
        return config == null ? 0 : groups.localShare(config.desiredConsumers());
    }

    public int running(String queue) {
        return containers.running(queue);
    }
}
