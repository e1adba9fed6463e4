package dev.warren.auth;

import java.time.Instant;
import java.util.List;

/** A stored API key's metadata (never the key itself nor its hash): who it is, what it may do, until when. */
public record ApiKey(String id, String name, Role role, List<String> queuePatterns, String prefix, Instant createdAt,
                     Instant lastUsedAt, Instant expiresAt) {

    public ApiKey {
        queuePatterns = queuePatterns == null ? List.of() : List.copyOf(queuePatterns);
    }

    /** Whether the key has expired at this instant. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public Caller caller() {
        return new Caller(id, name, role, queuePatterns);
    }
}
