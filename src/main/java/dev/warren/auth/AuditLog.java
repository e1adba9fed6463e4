package dev.warren.auth;

import dev.warren.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The audit_log table: entries written after their request, read newest first, deleted past their retention. */
public final class AuditLog {

    private final Jdbi jdbi;

    public AuditLog(Store store) {
        this.jdbi = store.jdbi();
    }

    public void write(AuditEntry entry) {
        write(List.of(entry));
    }

    /** Writes the entries in one transaction, in their order. */
    public void write(List<AuditEntry> entries) {
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO audit_log (at, key_id, key_name, method, path, target, status, outcome) "
                    + "VALUES (:at, :keyId, :keyName, :method, :path, :target, :status, :outcome)");
            for (AuditEntry written : entries) {
                AuditEntry entry = written.capped();
                batch.bind("at", KeyStore.time(entry.at())).bind("keyId", entry.keyId()).bind("keyName", entry.keyName())
                        .bind("method", entry.method()).bind("path", entry.path())
                        .bind("target", entry.target()).bind("status", entry.status())
                        .bind("outcome", entry.outcome()).add();
            }
            batch.execute();
        });
    }

    /** Entries newest first before this seq (the cursor), at most limit of them, each with its seq. */
    public List<Map.Entry<Long, AuditEntry>> list(long beforeSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE seq < :before ORDER BY seq DESC LIMIT :limit")
                .bind("before", beforeSeq).bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getLong("seq"), new AuditEntry(
                        KeyStore.instant(rs.getObject("at", OffsetDateTime.class)), rs.getString("key_id"),
                        rs.getString("key_name"), rs.getString("method"), rs.getString("path"), rs.getString("target"),
                        rs.getInt("status"), rs.getString("outcome")))).list());
    }

    /** Deletes entries older than this; returns how many. */
    public int deleteBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM audit_log WHERE at < :cutoff")
                .bind("cutoff", KeyStore.time(cutoff)).execute());
    }
}
