package dev.warren.jobs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;

/** What the job store's statements share: status lists taken from {@link JobStatus} and time conversions. */
final class JobSql {

    private JobSql() {
    }

    /** The SQL literals of these statuses, for {@code status IN (...)}: fixed enum names, never caller text. */
    static String in(Set<JobStatus> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("No status to match");
        }
        return statuses.stream().sorted().map(status -> "'" + status.json() + "'").collect(Collectors.joining(", "));
    }

    /** The SQL literal of one status. */
    static String is(JobStatus status) {
        return "'" + status.json() + "'";
    }

    static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
