package dev.warren.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Finds the key a request presents, by its hash, through a short-lived cache: a key revoked on this instance is
 * refused at once (the cache forgets it), one revoked on another instance within the cache's time to live.
 * Expired keys are refused. Last-used times are written at most once a minute per key, on the executor given.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;

    private record Cached(Optional<ApiKey> key, String hash, Instant loaded) {
    }

    private final KeyStore store;
    private final Executor background;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    /** The configured admin key, known without the store: warren stays administrable while the store is out of reach. */
    private volatile Cached pinned;

    public Authenticator(KeyStore store, Executor background, Clock clock) {
        this.store = store;
        this.background = background;
        this.clock = clock;
    }

    /** The caller this key belongs to; empty when the key is unknown, revoked or expired. */
    public Optional<Caller> authenticate(String key) {
        String hash = KeyFormat.hash(key);
        Instant now = clock.instant();
        Cached current = current(hash, now);
        Cached cached = current != null ? current : load(hash, now, cache.get(hash));
        Optional<ApiKey> found = cached.key().filter(k -> KeyFormat.sameHash(hash, cached.hash())).filter(k -> !k.expiredAt(now));
        found.ifPresent(k -> touch(k.id(), now));
        return found.map(ApiKey::caller);
    }

    /**
     * Whether {@link #authenticate} answers this key from memory (the configured admin key, or a cached answer still
     * current), without asking the store: a caller on an event loop asks the store on another thread otherwise.
     */
    public boolean answersAtOnce(String key) {
        return current(KeyFormat.hash(key), clock.instant()) != null;
    }

    /** What is known of this hash without the store and still holds; null when the store must be asked. */
    private Cached current(String hash, Instant now) {
        Cached configured = pinned;
        if (configured != null && KeyFormat.sameHash(hash, configured.hash())) {
            return configured;
        }
        Cached seen = cache.get(hash);
        return seen != null && !seen.loaded().plus(TTL).isBefore(now) ? seen : null;
    }

    private Cached load(String hash, Instant now, Cached stale) {
        Cached fresh;
        try {
            fresh = store.byHash(hash).map(s -> new Cached(Optional.of(s.key()), s.hash(), now))
                    .orElse(new Cached(Optional.empty(), hash, now));
        } catch (RuntimeException e) {
            if (stale != null) {
                // the store is out of reach: the last answer stands for another while rather than refusing every caller
                Cached kept = new Cached(stale.key(), stale.hash(), now);
                cache.put(hash, kept);
                return kept;
            }
            throw e;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(hash, fresh);
        return fresh;
    }

    /** The configured admin key (its hash and metadata), accepted without asking the store. */
    public void pin(ApiKey key, String hash) {
        pinned = new Cached(Optional.of(key), hash, Instant.EPOCH);
    }

    /** Forgets every cached key: called when a key is revoked or changed here. */
    public void forget() {
        cache.clear();
    }

    private void touch(String id, Instant now) {
        Instant last = touched.get(id);
        if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
            return;
        }
        touched.put(id, now);
        try {
            background.execute(() -> {
                try {
                    store.touch(id, now);
                } catch (RuntimeException e) {
                    LOG.warn("Cannot record the last use of key {}: {}", id, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Last use of key {} not recorded: {}", id, e.toString());
        }
    }
}
