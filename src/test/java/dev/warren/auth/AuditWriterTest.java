package dev.warren.auth;

import dev.warren.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Audit entries written off the caller's thread, together, against an in-memory H2 store. */
class AuditWriterTest {

    private final Store store = new Store("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
            "sa", "", 2).start();
    private final AuditLog log = new AuditLog(store);
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private final AuditWriter writer = new AuditWriter(log, background);

    @AfterEach
    void close() {
        background.shutdownNow();
        store.close();
    }

    private static AuditEntry entry(int n) {
        return new AuditEntry(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n), "k_1", "key", "POST",
                "/api/queues/q" + n + "/purge", "q" + n, 200, "ok");
    }

    @Test
    void entriesAreWrittenInTheOrderTheyCame() {
        for (int n = 0; n < 2500; n++) {
            writer.write(entry(n));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> log.list(Long.MAX_VALUE, 3000).size() == 2500);
        List<Map.Entry<Long, AuditEntry>> newestFirst = log.list(Long.MAX_VALUE, 3000);
        assertEquals("q2499", newestFirst.get(0).getValue().target());
        assertEquals("q0", newestFirst.get(2499).getValue().target());
    }
}
