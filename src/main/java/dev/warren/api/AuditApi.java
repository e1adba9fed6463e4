package dev.warren.api;

import dev.warren.auth.AuditEntry;
import dev.warren.auth.AuditLog;

import java.util.List;
import java.util.Map;

/** The audit log (admin only): state-changing requests, newest first, a page at a time. */
public final class AuditApi {

    private final AuditLog log;

    public AuditApi(AuditLog log) {
        this.log = log;
    }

    public ApiResponse list(String limit, String before) {
        int size = Page.limit(limit);
        long cursor = before == null || before.isEmpty() ? Long.MAX_VALUE : Cursor.position("before", before);
        List<Map.Entry<Long, AuditEntry>> rows = log.list(cursor, size + 1);
        List<AuditEntry> items = rows.stream().limit(size).map(Map.Entry::getValue).toList();
        String next = rows.size() > size ? String.valueOf(rows.get(size - 1).getKey()) : null;
        return ApiResponse.ok(new Page<>(items, next));
    }
}
