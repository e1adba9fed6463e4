package dev.warren.auth;

import dev.warren.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The api_keys table: keys by id or by the hash of the key, with their metadata. */
public final class KeyStore {

    /** A stored key with its hash, for the authenticator. */
    public record StoredKey(ApiKey key, String hash) {
    }

    private final Jdbi jdbi;

    public KeyStore(Store store) {
        this.jdbi = store.jdbi();
    }

    public void insert(ApiKey key, String hash, boolean configured) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_keys (id, name, role, queue_patterns, key_hash, key_prefix, "
                        + "configured, created_at, expires_at) VALUES (:id, :name, :role, :patterns, :hash, :prefix, "
                        + ":configured, :created, :expires)")
                .bind("id", key.id()).bind("name", key.name()).bind("role", key.role().json())
                .bind("patterns", String.join(",", key.queuePatterns())).bind("hash", hash).bind("prefix", key.prefix())
                .bind("configured", configured).bind("created", time(key.createdAt())).bind("expires", time(key.expiresAt()))
                .execute());
    }

    public Optional<StoredKey> byHash(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE key_hash = :hash").bind("hash", hash)
                .map((rs, ctx) -> new StoredKey(key(rs), rs.getString("key_hash"))).findOne());
    }

    public Optional<ApiKey> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> key(rs)).findOne());
    }

    /** Every key, by id (the order of their pages). */
    public List<ApiKey> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_keys ORDER BY id").map((rs, ctx) -> key(rs)).list());
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
    }

    /** Deletes a key that is not the configured admin key; false when there was none such of this id. */
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_keys WHERE id = :id AND configured = FALSE")
                .bind("id", id).execute()) > 0;
    }

    /** Whether this id is the configured admin key's (warren.auth.admin-key), which only the configuration changes. */
    public boolean configured(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE id = :id AND configured = TRUE")
                .bind("id", id).mapTo(Integer.class).one()) > 0;
    }

    /** The configured admin key: keeps the one of this hash (adding it if missing), deletes other configured ones. */
    public ApiKey configure(String hash, ApiKey ifMissing) {
        try {
            return configureOnce(hash, ifMissing);
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            // another instance starting at the same moment inserted it first: it is there now
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return configureOnce(hash, ifMissing);
            }
            throw e;
        }
    }

    private ApiKey configureOnce(String hash, ApiKey ifMissing) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM api_keys WHERE configured = TRUE AND key_hash <> :hash").bind("hash", hash).execute();
            Optional<ApiKey> existing = h.createQuery("SELECT * FROM api_keys WHERE key_hash = :hash").bind("hash", hash)
                    .map((rs, ctx) -> key(rs)).findOne();
            if (existing.isPresent()) {
                return existing.get();
            }
            insert(ifMissing, hash, true);
            return ifMissing;
        });
    }

    /** Deletes every configured admin key (none is configured any more). */
    public void unconfigure() {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM api_keys WHERE configured = TRUE").execute());
    }

    public void touch(String id, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE api_keys SET last_used_at = :at WHERE id = :id")
                .bind("at", time(at)).bind("id", id).execute());
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        String patterns = rs.getString("queue_patterns");
        return new ApiKey(rs.getString("id"), rs.getString("name"), Role.parse(rs.getString("role")).orElse(Role.VIEWER),
                patterns == null || patterns.isEmpty() ? List.of() : Arrays.asList(patterns.split(",")),
                rs.getString("key_prefix"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("last_used_at", OffsetDateTime.class)), instant(rs.getObject("expires_at", OffsetDateTime.class)));
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
