import dev.warren.jobs.JobStore;
import dev.warren.store.Store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The retention cleanup (JobStore.deleteEnded with the default P7D / P30D) on a store holding ended jobs within their
 * retention, some past it and a backlog of queued ones, inserted oldest first as warren inserts them: the time of the
 * first run (which deletes those due) and of the runs after it (nothing due), each after one insert, as publishes would
 * (H2 answers a repeated query on an unchanged table from a cache). Checks that no job past its retention is left.
 * Usage: RetentionBench JDBC_URL USER PASSWORD [ENDED_KEPT] [DUE] [QUEUED] [RUNS]
 */
public class RetentionBench {

    private record Row(Instant createdAt, String status, Instant updatedAt) {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int kept = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        int due = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        int queued = args.length > 5 ? Integer.parseInt(args[5]) : 100_000;
        int runs = args.length > 6 ? Integer.parseInt(args[6]) : 6;
        Duration retention = Duration.ofDays(7);
        Duration failedRetention = Duration.ofDays(30);
        Instant now = Instant.now();
        Random random = new Random(42);
        String[] ended = {"finished", "finished", "finished", "finished", "cancelled", "failed"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < kept + due; i++) {
            String status = ended[random.nextInt(ended.length)];
            long keptFor = (status.equals("failed") ? failedRetention : retention).toSeconds();
            Instant created = i < kept
                    ? now.minusSeconds(600 + (long) (random.nextDouble() * (keptFor - 3600)))
                    : now.minusSeconds(keptFor + 3600 + random.nextInt(86_400));
            rows.add(new Row(created, status, created.plusMillis(50 + random.nextInt(2000))));
        }
        for (int i = 0; i < queued; i++) {
            Instant created = now.minusSeconds(random.nextInt(3600));
            rows.add(new Row(created, "queued", created));
        }
        rows.sort(Comparator.comparing(Row::createdAt));
        try (Store store = new Store(url, args[1], args[2], 4).start(); JobStore jobStore = new JobStore(store, true)) {
            long t0 = System.nanoTime();
            insert(url, args[1], args[2], rows);
            System.out.printf("store: %d jobs (%d ended within their retention, %d past it, %d queued), loaded in %.1f s%n",
                    rows.size(), kept, due, queued, (System.nanoTime() - t0) / 1e9);
            for (int run = 1; run <= runs; run++) {
                execute(url, args[1], args[2], "INSERT INTO jobs (id, queue, status, generation, payload_hash, attempts,"
                        + " created_at, updated_at) VALUES ('between-" + run + "', 'q0', 'queued', 0, 'h', 0, CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP)");
                Instant at = Instant.now();
                long start = System.nanoTime();
                int deleted = jobStore.deleteEnded(at.minus(retention), at.minus(failedRetention));
                System.out.printf("run %d: %d deleted in %.1f ms%n", run, deleted, (System.nanoTime() - start) / 1e6);
            }
            Instant at = Instant.now();
            long left = count(url, args[1], args[2], "SELECT COUNT(*) FROM jobs WHERE (status IN ('finished', 'cancelled')"
                    + " AND updated_at < TIMESTAMP WITH TIME ZONE '" + at.minus(retention) + "') OR (status = 'failed'"
                    + " AND updated_at < TIMESTAMP WITH TIME ZONE '" + at.minus(failedRetention) + "')");
            System.out.println("jobs past their retention left: " + left);
            if (left != 0) {
                System.exit(1);
            }
        }
    }

    private static void insert(String url, String user, String password, List<Row> rows) throws Exception {
        String payload = "{\"order\":12345,\"customer\":\"c-1\",\"items\":[1,2,3],"
                + "\"note\":\"a payload of about two hundred bytes, like the publish benchmark's\"}";
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, queue, status, generation,"
                     + " payload, payload_hash, attempts, created_at, updated_at, finished_at) VALUES (?, ?, ?, 0, ?, 'h', 1, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            int n = 0;
            for (Row row : rows) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, "q" + n % 10);
                insert.setString(3, row.status());
                insert.setString(4, payload);
                insert.setObject(5, row.createdAt().atOffset(ZoneOffset.UTC));
                insert.setObject(6, row.updatedAt().atOffset(ZoneOffset.UTC));
                insert.setObject(7, row.status().equals("queued") ? null : row.updatedAt().atOffset(ZoneOffset.UTC));
                insert.addBatch();
                if (++n % 5000 == 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
            if (url.startsWith("jdbc:postgresql:")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE jobs");
                }
                connection.commit();
            }
        }
    }

    private static void execute(String url, String user, String password, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String url, String user, String password, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
