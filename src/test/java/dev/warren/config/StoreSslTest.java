package dev.warren.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoreSslTest {

    private static final String PG = "jdbc:postgresql://db:5432/warren";

    @Test
    void withoutSslPropertiesTheUrlIsUnchanged() {
        assertEquals(PG, StoreConfiguration.withSsl(PG, Optional.empty(), Optional.empty()));
    }

    @Test
    void sslModeAndRootCertBecomeDriverParameters() {
        assertEquals(PG + "?sslmode=verify-full&sslrootcert=%2Fetc%2Fpg+ca.pem",
                StoreConfiguration.withSsl(PG, Optional.of("verify-full"), Optional.of("/etc/pg ca.pem")));
        assertEquals(PG + "?currentSchema=x&sslmode=require",
                StoreConfiguration.withSsl(PG + "?currentSchema=x", Optional.of("require"), Optional.empty()));
    }

    @Test
    void theUrlsOwnSslModeWins() {
        assertEquals(PG + "?sslmode=disable", StoreConfiguration.withSsl(PG + "?sslmode=disable", Optional.of("require"),
                Optional.empty()));
    }

    @Test
    void sslPropertiesOnAnH2StoreFailClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StoreConfiguration.withSsl("jdbc:h2:file:./data/warren", Optional.of("require"), Optional.empty()));
        assertEquals("warren.store.ssl-mode and warren.store.ssl-root-cert apply to a jdbc:postgresql: store only",
                e.getMessage());
    }
}
