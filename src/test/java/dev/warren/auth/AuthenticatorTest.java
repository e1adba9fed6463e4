package dev.warren.auth;

import dev.warren.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding a key's caller by its hash, against an in-memory H2 store and a clock the test moves. */
class AuthenticatorTest {

    private final Store store = new Store("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
            "sa", "", 2).start();
    private final KeyStore keys = new KeyStore(store);
    private final List<Runnable> background = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Authenticator authenticator = new Authenticator(keys, background::add, clock);
    private final ApiKeys apiKeys = new ApiKeys(keys, authenticator, clock);

    @AfterEach
    void close() {
        store.close();
    }

    private ApiKeys.Created create(String role, Instant expires) {
        return apiKeys.create(new ApiKeys.KeyRequest("k", role, List.of("orders.*"), expires, null));
    }

    @Test
    void aKeyIsFoundByItsHashWithItsRoleAndPatterns() {
        ApiKeys.Created created = create("publisher", null);
        Caller caller = authenticator.authenticate(created.key()).orElseThrow();
        assertEquals(created.metadata().id(), caller.keyId());
        assertEquals(Role.PUBLISHER, caller.role());
        assertEquals(List.of("orders.*"), caller.queuePatterns());
        assertEquals(Optional.empty(), authenticator.authenticate(created.key() + "x"));
        assertEquals(Optional.empty(), authenticator.authenticate(KeyFormat.newKey()));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceHereAndWithinTheTimeToLiveElsewhere() {
        ApiKeys.Created created = create("viewer", null);
        Authenticator elsewhere = new Authenticator(keys, Runnable::run, clock);
        assertTrue(authenticator.authenticate(created.key()).isPresent());
        assertTrue(elsewhere.authenticate(created.key()).isPresent());
        assertTrue(apiKeys.revoke(created.metadata().id()));
        assertEquals(Optional.empty(), authenticator.authenticate(created.key()), "at once on this instance");
        now = now.plus(Authenticator.TTL).plusMillis(1);
        assertEquals(Optional.empty(), elsewhere.authenticate(created.key()), "after the cache's time to live elsewhere");
    }

    @Test
    void onlyAKeyFoundWithinTheTimeToLiveIsAnsweredWithoutTheStore() {
        ApiKeys.Created created = create("viewer", null);
        assertFalse(authenticator.answersAtOnce(created.key()), "never looked up");
        authenticator.authenticate(created.key());
        assertTrue(authenticator.answersAtOnce(created.key()));
        now = now.plus(Authenticator.TTL).plusMillis(1);
        assertFalse(authenticator.answersAtOnce(created.key()), "past the time to live");
    }

    @Test
    void anExpiredKeyIsRefused() {
        ApiKeys.Created created = create("viewer", now.plusSeconds(60));
        assertTrue(authenticator.authenticate(created.key()).isPresent());
        now = now.plusSeconds(60);
        assertEquals(Optional.empty(), authenticator.authenticate(created.key()));
    }

    @Test
    void lastUseIsWrittenAtMostOnceAMinuteOffTheCallersThread() {
        ApiKeys.Created created = create("viewer", null);
        authenticator.authenticate(created.key());
        authenticator.authenticate(created.key());
        assertEquals(1, background.size(), "one write queued for two uses within a minute");
        background.forEach(Runnable::run);
        assertEquals(now, keys.byId(created.metadata().id()).orElseThrow().lastUsedAt());
        now = now.plus(Duration.ofMinutes(1)).plusSeconds(1);
        authenticator.authenticate(created.key());
        assertEquals(2, background.size());
    }

    @Test
    void theConfiguredAdminKeyReplacesTheOldOneAndAFirstStartMakesOneOnlyOnce() {
        apiKeys.firstStart(Optional.of("first-configured-key-0123456789"));
        assertEquals(Role.ADMIN, authenticator.authenticate("first-configured-key-0123456789").orElseThrow().role());
        apiKeys.firstStart(Optional.of("second-configured-key-0123456789"));
        assertEquals(Optional.empty(), authenticator.authenticate("first-configured-key-0123456789"));
        assertTrue(authenticator.authenticate("second-configured-key-0123456789").isPresent());
        assertEquals(1, keys.count());
        apiKeys.firstStart(Optional.empty());
        assertEquals(1, keys.count(), "no configured key any more: a new admin key");
        apiKeys.firstStart(Optional.empty());
        assertEquals(1, keys.count(), "not made again");
    }
}
