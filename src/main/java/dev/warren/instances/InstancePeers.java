package dev.warren.instances;

import dev.warren.workers.GroupPeers;
import dev.warren.workers.WorkerGroupView;

import java.util.List;
import java.util.Map;

/** The live instances of the registry as a worker group sees them: shares of its count, consumers and type versions. */
public final class InstancePeers implements GroupPeers {

    private final InstanceRegistry registry;

    public InstancePeers(InstanceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int localShare(int count) {
        return Shares.of(count, registry.liveIds(), registry.id());
    }

    @Override
    public List<WorkerGroupView.InstanceShare> shares(String queue, String type, int count, int localRunning) {
        List<Instance> live = registry.live();
        Map<String, Integer> shares = Shares.split(count, LiveInstances.ids(live));
        return live.stream().map(i -> new WorkerGroupView.InstanceShare(i.id(), i.host(), shares.getOrDefault(i.id(), 0),
                i.id().equals(registry.id()) ? localRunning : i.running().getOrDefault(queue, 0),
                i.typeHashes().get(type))).toList();
    }

    @Override
    public Boolean typeAgrees(String type) {
        return TypeVersions.agree(type, registry.live());
    }
}
