package dev.warren.auth;

import java.util.List;
import java.util.regex.Pattern;

/** Who sent a request, as its key says: the key's id and name, its role and the queues it is limited to (none: all). */
public record Caller(String keyId, String keyName, Role role, List<String> queuePatterns) {

    /** Every request when access control is off. */
    public static final Caller ANONYMOUS_ADMIN = new Caller(null, "anonymous", Role.ADMIN, List.of());

    public Caller {
        queuePatterns = queuePatterns == null ? List.of() : List.copyOf(queuePatterns);
    }

    public boolean allows(Role required) {
        return role.includes(required);
    }

    /** Whether the key is limited to some queues. */
    public boolean scoped() {
        return !queuePatterns.isEmpty();
    }

    /** Whether this caller may act on this queue: an unscoped key on any, a scoped one on the queues it matches. */
    public boolean mayUseQueue(String queue) {
        if (!scoped()) {
            return true;
        }
        if (queue == null) {
            return false;
        }
        return queuePatterns.stream().anyMatch(pattern -> matches(pattern, queue));
    }

    /** A glob: "*" stands for any characters (also none), everything else is itself. */
    static boolean matches(String glob, String name) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(regex.toString(), name);
    }
}
