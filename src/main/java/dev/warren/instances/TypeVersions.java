package dev.warren.instances;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Whether the live instances have the same definition (hash) of a worker type in their routes/. */
public final class TypeVersions {

    private TypeVersions() {
    }

    /** True when every instance has the type with one same hash (an instance without the type differs). */
    public static boolean agree(String type, Collection<Instance> instances) {
        List<String> hashes = instances.stream().map(i -> i.typeHashes().get(type)).distinct().toList();
        return hashes.size() <= 1 && hashes.stream().allMatch(Objects::nonNull);
    }

    /** The types some live instance has whose definition is not the same on every live instance. */
    public static Set<String> differing(Collection<Instance> instances) {
        Set<String> types = new TreeSet<>();
        instances.forEach(i -> types.addAll(i.typeHashes().keySet()));
        types.removeIf(type -> agree(type, instances));
        return types;
    }
}
