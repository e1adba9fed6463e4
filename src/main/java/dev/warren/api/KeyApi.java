package dev.warren.api;

import dev.warren.auth.ApiKey;
import dev.warren.auth.ApiKeys;
import dev.warren.auth.Caller;
import dev.warren.common.Json;
import dev.warren.common.ProblemException;

import java.time.Instant;
import java.util.List;

/** The key endpoints (admin only): make a key (shown once), list and view keys, revoke one; and who am I. */
public final class KeyApi {

    /** A new key as answered once: its metadata and the key. */
    public record CreatedKey(String id, String name, String role, List<String> queuePatterns, String prefix, Instant createdAt,
                             Instant expiresAt, String key) {
    }

    /** Who the caller is, for a front end: its key's id, name, role, queue patterns, and whether keys are checked. */
    public record WhoAmI(String id, String name, String role, List<String> queuePatterns, boolean authEnabled) {
    }

    private final ApiKeys keys;
    private final boolean authEnabled;

    public KeyApi(ApiKeys keys, boolean authEnabled) {
        this.keys = keys;
        this.authEnabled = authEnabled;
    }

    public ApiResponse create(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("name", "is required");
        }
        ApiKeys.Created created = keys.create(Json.read(body, ApiKeys.KeyRequest.class));
        ApiKey key = created.metadata();
        return ApiResponse.created(new CreatedKey(key.id(), key.name(), key.role().json(), key.queuePatterns(), key.prefix(),
                key.createdAt(), key.expiresAt(), created.key())).withHeader("Location", "/api/keys/" + key.id())
                .withHeader("Cache-Control", "no-store");
    }

    public ApiResponse list(String limit, String cursor) {
        return ApiResponse.ok(Page.of(keys.list(), ApiKey::id, limit, cursor));
    }

    public ApiResponse get(String id) {
        return ApiResponse.ok(keys.get(id).orElseThrow(() -> ProblemException.notFound("No key " + id)));
    }

    public ApiResponse revoke(String id) {
        if (!keys.revoke(id)) {
            throw ProblemException.notFound("No key " + id);
        }
        return ApiResponse.noContent();
    }

    public ApiResponse whoami(Caller caller) {
        return ApiResponse.ok(new WhoAmI(caller.keyId(), caller.keyName(), caller.role().json(), caller.queuePatterns(),
                authEnabled));
    }
}
