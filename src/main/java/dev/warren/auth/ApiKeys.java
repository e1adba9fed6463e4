package dev.warren.auth;

import dev.warren.common.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Managing keys: make one (shown once), list and view them (metadata only), revoke; and the keys of the first start. */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern QUEUE_PATTERN = Pattern.compile("[A-Za-z0-9._*-]{1,200}");
    private static final Pattern ID = Pattern.compile("k_[0-9a-f]{12}");

    /** A new key: its metadata and the key itself, which is never shown again. */
    public record Created(ApiKey metadata, String key) {
    }

    /** Body of a request for a new key. */
    public record KeyRequest(String name, String role, List<String> queuePatterns, Instant expiresAt, Integer expiresInDays) {
    }

    private final KeyStore store;
    private final Authenticator authenticator;
    private final Clock clock;

    public ApiKeys(KeyStore store, Authenticator authenticator, Clock clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public Created create(KeyRequest request) {
        if (request == null) {
            throw ProblemException.invalid("name", "is required");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200
                || request.name().chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("name", "is required: 1 to 200 characters, one line");
        }
        Role role = Role.parse(request.role()).orElseThrow(() ->
                ProblemException.invalid("role", "must be one of viewer, publisher, operator, admin"));
        List<String> patterns = request.queuePatterns() == null ? List.of() : request.queuePatterns();
        if (role == Role.ADMIN && !patterns.isEmpty()) {
            throw ProblemException.invalid("queuePatterns", "must be empty for an admin key: keys, the audit log and "
                    + "Jolokia are about every queue (give an operator key limited to these queues instead)");
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i) == null || !QUEUE_PATTERN.matcher(patterns.get(i)).matches()) {
                throw ProblemException.invalid("queuePatterns[" + i + "]",
                        "must be a queue name where * stands for any characters (A-Z a-z 0-9 . _ - *)");
            }
        }
        Instant now = clock.instant();
        if (request.expiresAt() != null && request.expiresInDays() != null) {
            throw ProblemException.invalid("expiresAt", "give expiresAt or expiresInDays, not both");
        }
        Instant expires = request.expiresAt();
        if (request.expiresInDays() != null) {
            if (request.expiresInDays() < 1 || request.expiresInDays() > 36_500) {
                throw ProblemException.invalid("expiresInDays", "must be between 1 and 36500");
            }
            expires = now.plus(Duration.ofDays(request.expiresInDays()));
        }
        if (expires != null && !expires.isAfter(now)) {
            throw ProblemException.invalid("expiresAt", "must be in the future");
        }
        String key = KeyFormat.newKey();
        ApiKey metadata = new ApiKey(KeyFormat.newId(), request.name(), role, patterns, KeyFormat.shown(key),
                now, null, expires);
        store.insert(metadata, KeyFormat.hash(key), false);
        return new Created(metadata, key);
    }

    public List<ApiKey> list() {
        return store.all();
    }

    public Optional<ApiKey> get(String id) {
        return id != null && ID.matcher(id).matches() ? store.byId(id) : Optional.empty();
    }

    /**
     * Revokes a key: refused from now on. False when there is no such key. The configured admin key is refused (409):
     * every instance accepts it from its configuration, even without the store, and makes it again at each start.
     */
    public boolean revoke(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        if (store.configured(id)) {
            throw ProblemException.conflict("Key " + id + " is the configured admin key: it cannot be revoked here. "
                    + "Change warren.auth.admin-key (or its file or environment variable) and restart every instance; "
                    + "the old key then stops working.");
        }
        boolean deleted = store.delete(id);
        authenticator.forget();
        return deleted;
    }

    /**
     * At start-up: the configured admin key (when given) replaces any earlier configured one; else a store without any
     * key gets a new admin key, printed once to the log.
     */
    public void firstStart(Optional<String> configuredAdminKey) {
        Instant now = clock.instant();
        if (configuredAdminKey.isPresent()) {
            String key = configuredAdminKey.get().trim();
            if (key.length() < 16) {
                throw new IllegalArgumentException("warren.auth.admin-key must be at least 16 characters long");
            }
            // nothing of a key chosen by a person is shown: it may be short, or be used elsewhere too
            ApiKey configured = store.configure(KeyFormat.hash(key), new ApiKey(KeyFormat.newId(), "configured admin",
                    Role.ADMIN, List.of(), "(configured)", now, null, null));
            authenticator.forget();
            authenticator.pin(configured, KeyFormat.hash(key));
            return;
        }
        store.unconfigure();
        if (store.count() == 0) {
            String key = KeyFormat.newKey();
            store.insert(new ApiKey(KeyFormat.newId(), "first admin", Role.ADMIN, List.of(), KeyFormat.shown(key), now, null,
                    null), KeyFormat.hash(key), false);
            // the only time a key is ever logged: there is no other way to hand it to the operator
            LOG.warn("warren created an admin API key, shown this once only (keep it; set warren.auth.admin-key or "
                    + "WARREN_ADMIN_KEY to choose your own): {}", key);
        }
    }
}
