package dev.warren.config;

import dev.warren.api.AccessGate;
import dev.warren.api.ApiBeans;
import dev.warren.api.AuditApi;
import dev.warren.api.KeyApi;
import dev.warren.auth.AccessPolicy;
import dev.warren.auth.ApiKeys;
import dev.warren.auth.AuditLog;
import dev.warren.auth.AuditWriter;
import dev.warren.auth.Authenticator;
import dev.warren.auth.BrowserRules;
import dev.warren.auth.KeyStore;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires access control: keys and their first start, the gate every request passes, the key and audit APIs, audit cleanup. */
final class AuthConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AuthConfiguration.class);

    private final boolean enabled;
    private final boolean metricsNeedKey;
    private final String allowedHosts;
    private final Duration auditRetention;
    private final long auditCleanupIntervalMs;

    AuthConfiguration(Settings settings) {
        enabled = settings.flag("warren.auth.enabled");
        metricsNeedKey = settings.flag("warren.auth.metrics");
        allowedHosts = settings.text("warren.http.allowed-hosts");
        auditRetention = settings.duration("warren.audit.retention");
        auditCleanupIntervalMs = settings.number("warren.audit.cleanup-interval-ms", 1);
    }

    /** The gate, to be installed on the HTTP server by the API's wiring. */
    AccessGate auth(CamelContext context, Store store, java.util.function.BooleanSupplier cleanupTurn) throws Exception {
        Clock clock = Clock.systemUTC();
        ScheduledExecutorService background = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "warren-auth-writes");
        KeyStore keyStore = new KeyStore(store);
        Authenticator authenticator = new Authenticator(keyStore, background, clock);
        ApiKeys keys = new ApiKeys(keyStore, authenticator, clock);
        if (enabled) {
            keys.firstStart(configuredAdminKey(context));
        }
        AuditLog audit = new AuditLog(store);
        AuditWriter auditWriter = new AuditWriter(audit, background);
        // stopped before the store (added after it): the entries of the last requests are written, not dropped
        Background.stopWithCamel(context, "warren-audit-writer", auditWriter);
        AccessGate gate = new AccessGate(enabled, new AccessPolicy(metricsNeedKey), authenticator,
                new BrowserRules(Arrays.stream(allowedHosts.split(",")).map(String::trim).toList()),
                auditWriter, clock);
        context.getRegistry().bind(ApiBeans.ACCESS_GATE, gate);
        context.getRegistry().bind(ApiBeans.KEY_API, new KeyApi(keys, enabled));
        context.getRegistry().bind(ApiBeans.AUDIT_API, new AuditApi(audit));
        ScheduledExecutorService cleanup = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "warren-audit-cleanup");
        cleanup.scheduleWithFixedDelay(() -> {
            if (!cleanupTurn.getAsBoolean()) {
                return;
            }
            try {
                int deleted = audit.deleteBefore(Instant.now().minus(auditRetention));
                if (deleted > 0) {
                    LOG.info("Deleted {} audit entr(ies) past warren.audit.retention", deleted);
                }
            } catch (RuntimeException e) {
                LOG.warn("Audit cleanup failed: {}", e.getMessage());
            }
        }, Math.min(auditCleanupIntervalMs, 5_000), auditCleanupIntervalMs, TimeUnit.MILLISECONDS);
        return gate;
    }

    /**
     * warren.auth.admin-key: given directly (-D, WARREN_AUTH_ADMIN_KEY or WARREN_ADMIN_KEY), else from the file
     * warren.auth.admin-key-file names (read by {@link CredentialFiles} like any other), else application.properties.
     */
    private static Optional<String> configuredAdminKey(CamelContext context) {
        return Settings.of(context).oneLine("warren.auth.admin-key").map(String::trim);
    }
}
