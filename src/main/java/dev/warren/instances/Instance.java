package dev.warren.instances;

import java.time.Instant;
import java.util.Map;

/** A warren instance as its heartbeat row shows it: consumers running per queue, hash per worker type. */
public record Instance(String id, String host, Instant heartbeat, Map<String, Integer> running,
                       Map<String, String> typeHashes) {

    public Instance {
        running = running == null ? Map.of() : Map.copyOf(running);
        typeHashes = typeHashes == null ? Map.of() : Map.copyOf(typeHashes);
    }
}
