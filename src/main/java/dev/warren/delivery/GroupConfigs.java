package dev.warren.delivery;

import dev.warren.workers.WorkerGroupConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A worker group's settings by the name of its queue, for the target gates and rate limits: the queue groups', or
 * another kind's whose names start with a prefix no queue name has (the Kafka groups' "kafka:{topic}").
 */
public final class GroupConfigs implements Function<String, WorkerGroupConfig> {

    private final Function<String, WorkerGroupConfig> queues;
    private final Map<String, Function<String, WorkerGroupConfig>> others = new ConcurrentHashMap<>();

    public GroupConfigs(Function<String, WorkerGroupConfig> queues) {
        this.queues = queues;
    }

    /** Looks up the names starting with prefix there (given the whole name) instead of among the queue groups. */
    public void alsoFrom(String prefix, Function<String, WorkerGroupConfig> groups) {
        others.put(prefix, groups);
    }

    @Override
    public WorkerGroupConfig apply(String name) {
        for (Map.Entry<String, Function<String, WorkerGroupConfig>> other : others.entrySet()) {
            if (name.startsWith(other.getKey())) {
                return other.getValue().apply(name);
            }
        }
        return queues.apply(name);
    }
}
