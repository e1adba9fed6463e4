package dev.warren.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which role a request needs, from its method and path alone, and the queue it acts on. Paths no rule knows need
 * admin (unless read-only), so that a new endpoint is never open by omission.
 */
public final class AccessPolicy {

    /**
     * What a request needs: a role (null when open to anyone), the queue it is scoped to (or null), whether it changes
     * state, whether its queue is only known to its operation (a job's), which then checks a limited key itself, and
     * whether it is about warren as a whole, which a key limited to queues may not see or change.
     */
    public record Requirement(Role role, String queue, boolean changesState, boolean queueCheckedLater,
                              boolean wholeInstance) {

        public Requirement(Role role, String queue, boolean changesState) {
            this(role, queue, changesState, false, false);
        }

        public Requirement(Role role, String queue, boolean changesState, boolean queueCheckedLater) {
            this(role, queue, changesState, queueCheckedLater, false);
        }

        /** A request about warren as a whole (keys, the audit log, Jolokia): never for a key limited to queues. */
        static Requirement wholeInstance(Role role, boolean changesState) {
            return new Requirement(role, null, changesState, false, true);
        }

        public boolean open() {
            return role == null;
        }
    }

    /** Whether a caller may make a request that needs this. */
    public enum Verdict { ALLOWED, ROLE_TOO_LOW, QUEUE_NOT_ALLOWED }

    private final boolean metricsNeedKey;

    /** @param metricsNeedKey whether /observe/metrics needs a viewer key (warren.auth.metrics) */
    public AccessPolicy(boolean metricsNeedKey) {
        this.metricsNeedKey = metricsNeedKey;
    }

    public Requirement require(String method, String rawPath) {
        String verb = method.toUpperCase(Locale.ROOT);
        // the router takes /a/b/ for /a/b: the rules must too
        String path = withoutTrailingSlashes(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        String[] s = segments(path);
        boolean reads = verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS");
        if (path.equals("/observe/health/live") || path.equals("/observe/health/ready")
                || path.equals("/observe/metrics") && !metricsNeedKey || path.equals("/ui") || path.startsWith("/ui/")) {
            return new Requirement(null, null, false);
        }
        if (under(path, "/api/keys") || under(path, "/api/audit")) {
            return Requirement.wholeInstance(Role.ADMIN, !reads);
        }
        String queue = queueOf(s);
        if (under(path, "/observe/jolokia")) {
            // a POST carries its request type (read or exec) in its body: Jolokia's handler decides exec and write;
            // its MBeans are every queue's routes and endpoints
            return Requirement.wholeInstance(Role.VIEWER, false);
        }
        if (reads && (path.equals("/observe/metrics") || path.equals("/api/connections"))) {
            // every queue's gauges; the broker's connections, which belong to no queue
            return Requirement.wholeInstance(Role.VIEWER, false);
        }
        if (reads) {
            if (verb.equals("GET") && s.length == 6 && s[0].equals("api") && s[1].equals("topics")
                    && s[3].equals("subscribers") && s[5].equals("messages")) {
                // taking a subscriber's messages acknowledges them: it consumes the queue {topic}.{id}
                return new Requirement(Role.PUBLISHER, decode(s[2]) + "." + decode(s[4]), true);
            }
            if (verb.equals("GET") && isKafkaMessages(s)) {
                // a pull commits the consumer group's offsets past what it took: it consumes the topic
                return new Requirement(Role.PUBLISHER, null, true);
            }
            return new Requirement(Role.VIEWER, queue, false);
        }
        boolean retriesMany = s.length == 3 && s[0].equals("api") && s[1].equals("jobs") && s[2].equals("retry");
        if (verb.equals("POST") && (retriesMany || s.length == 4 && s[0].equals("api") && s[1].equals("jobs")
                && (s[3].equals("cancel") || s[3].equals("retry")))) {
            return new Requirement(Role.OPERATOR, null, true, true);
        }
        if (under(path, "/api/schedules")) {
            // a schedule's queue is in its body or its row: the operation checks a key limited to some queues
            return new Requirement(Role.OPERATOR, null, true, true);
        }
        if (verb.equals("POST") && publishes(s)) {
            return new Requirement(Role.PUBLISHER, queue, true);
        }
        if (under(path, "/api") || under(path, "/queue")) {
            return new Requirement(Role.OPERATOR, queue, true);
        }
        return new Requirement(Role.ADMIN, null, true);
    }

    /**
     * Whether a health request may show only the status (UP or DOWN), whatever its query asks: the open probes to a
     * caller without a key (caller null), and any health path to a key limited to some queues, since the checks' ids
     * and messages name worker groups' queues.
     */
    public static boolean healthStatusOnly(String path, Caller caller) {
        if (!(path.equals("/observe/health") || path.startsWith("/observe/health/"))) {
            return false;
        }
        return caller == null || caller.scoped();
    }

    /** Whether a caller may make a request that needs this. */
    public static Verdict decide(Caller caller, Requirement requirement) {
        if (requirement.open()) {
            return Verdict.ALLOWED;
        }
        if (!caller.allows(requirement.role())) {
            return Verdict.ROLE_TOO_LOW;
        }
        if (caller.scoped()) {
            if (requirement.wholeInstance()) {
                return Verdict.QUEUE_NOT_ALLOWED;
            }
            if (requirement.queue() != null && !caller.mayUseQueue(requirement.queue())) {
                return Verdict.QUEUE_NOT_ALLOWED;
            }
            // a key limited to queues changes nothing else (exchanges, topics, ...)
            if (requirement.queue() == null && requirement.changesState() && !requirement.queueCheckedLater()) {
                return Verdict.QUEUE_NOT_ALLOWED;
            }
        }
        return Verdict.ALLOWED;
    }

    private static boolean publishes(String[] s) {
        if (s.length >= 4 && s[0].equals("api") && s[1].equals("queues") && s[3].equals("tasks")) {
            return s.length == 4 || s.length == 5 && s[4].equals("batch");
        }
        if (s.length == 4 && s[0].equals("api") && s[1].equals("topics") && s[3].equals("messages")) {
            return true;
        }
        if (isKafkaMessages(s) || s.length == 6 && isKafkaMessages(java.util.Arrays.copyOf(s, 5)) && s[5].equals("batch")) {
            return true;
        }
        if (s.length == 4 && s[0].equals("api") && s[1].equals("exchanges") && s[3].equals("publish")) {
            return true;
        }
        return s.length == 3 && s[0].equals("queue") && s[1].equals("publish");
    }

    /** /api/kafka/topics/{topic}/messages */
    private static boolean isKafkaMessages(String[] s) {
        return s.length == 5 && s[0].equals("api") && s[1].equals("kafka") && s[2].equals("topics") && s[4].equals("messages");
    }

    /** The queue of /api/queues/{queue}/** and /queue/{verb}/{queue}, decoded; null for other paths. */
    static String queueOf(String[] s) {
        if (s.length >= 3 && s[0].equals("api") && s[1].equals("queues")) {
            return decode(s[2]);
        }
        if (s.length == 3 && s[0].equals("queue")) {
            return decode(s[2]);
        }
        return null;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String withoutTrailingSlashes(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
