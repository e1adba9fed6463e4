package dev.warren.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Jolokia requests an HTTP request carries (its type and MBean), read from a GET's path or a POST's JSON body, so
 * that changes (exec, write, anything but read/list/search/version) can be kept for admins.
 */
final class JolokiaRequests {

    private static final Set<String> READS = Set.of("read", "list", "search", "version");

    /** One Jolokia request: its type (lower case; "" when unreadable) and its MBean (or null). */
    record Request(String type, String mbean) {

        /** Whether it may change something: any type but the four reads, including one that cannot be read. */
        boolean changes() {
            return !READS.contains(type);
        }

        String target() {
            return mbean == null ? "jolokia " + type : mbean;
        }
    }

    private JolokiaRequests() {
    }

    /**
     * The request of a GET: the first segment of its path after /observe/jolokia, or of its p parameter when that
     * path is empty or only slashes (as Jolokia reads it: a p beside a path is ignored, never trusted).
     */
    static List<Request> ofGet(String pathInfo, String pParameter) {
        String path = pathInfo == null || pathInfo.matches("/*") ? pParameter : pathInfo;
        path = path == null ? "" : path;
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            // the agent's version
            return List.of(new Request("version", null));
        }
        String[] parts = trimmed.split("/", 3);
        return List.of(new Request(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1] : null));
    }

    /** The requests of a POST body: one JSON object or an array of them. */
    static List<Request> ofPost(byte[] body) {
        List<Request> requests = new ArrayList<>();
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || json.isMissingNode()) {
                return List.of(new Request("", null));
            }
            for (JsonNode one : json.isArray() ? json : List.of(json)) {
                requests.add(new Request(one.path("type").asText("").toLowerCase(Locale.ROOT),
                        one.path("mbean").isTextual() ? one.path("mbean").asText() : null));
            }
        } catch (IOException e) {
            return List.of(new Request("", null));
        }
        return requests.isEmpty() ? List.of(new Request("", null)) : requests;
    }
}
