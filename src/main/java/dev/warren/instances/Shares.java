package dev.warren.instances;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a group's count splits over the live instances: in the order of their sorted ids, the remainder to the first. */
public final class Shares {

    private Shares() {
    }

    /** Each instance's share, by id in sorted order; e.g. 20 over 3 gives 7, 7, 6. No instance: an empty map. */
    public static Map<String, Integer> split(int count, Collection<String> instanceIds) {
        List<String> ids = instanceIds.stream().distinct().sorted().toList();
        Map<String, Integer> shares = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            shares.put(ids.get(i), count / ids.size() + (i < count % ids.size() ? 1 : 0));
        }
        return shares;
    }

    /** This instance's share; the whole count when it is the only one (or not yet among the live ones). */
    public static int of(int count, Collection<String> instanceIds, String instanceId) {
        if (!instanceIds.contains(instanceId)) {
            return split(count, java.util.stream.Stream.concat(instanceIds.stream(), java.util.stream.Stream.of(instanceId))
                    .toList()).get(instanceId);
        }
        return split(count, instanceIds).get(instanceId);
    }
}
