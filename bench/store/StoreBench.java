import dev.warren.broker.OutgoingMessage;
import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobStore;
import dev.warren.jobs.Jobs;
import dev.warren.store.Store;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job store alone, without broker or HTTP: how many tasks per second it tracks through publish (accept +
 * confirmed) and delivery (claim + attempt ended), from as many threads as warren's API or consumers would use,
 * and the CPU it spends per task. Usage: StoreBench JDBC_URL USER PASSWORD [TASKS] [THREADS] [ROUNDS]
 */
public class StoreBench {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int tasks = args.length > 3 ? Integer.parseInt(args[3]) : 20000;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        try (Store store = new Store(url, args[1], args[2], 10).start(); JobStore jobStore = new JobStore(store, true)) {
            Jobs jobs = new Jobs(jobStore, null, Duration.ofMinutes(1));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int round = 1; round <= rounds; round++) {
                String queue = "bench-" + UUID.randomUUID().toString().substring(0, 8);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    ids.add(UUID.randomUUID().toString());
                }
                byte[] body = ("{\"payload\":{\"order\":12345,\"customer\":\"c-1\",\"items\":[1,2,3],"
                        + "\"note\":\"a payload of about two hundred bytes, like the publish benchmark's\"}}").getBytes();
                String label = round == 1 ? "warm-up" : "round " + round;
                measure(label + " publish (accept + confirmed)", tasks, pool, threads, ids, jobStore::flush, id -> {
                    jobs.accept(queue, List.of(new OutgoingMessage("", queue, id, body, Map.of())));
                    jobs.published(List.of(id));
                });
                jobStore.flush();
                measure(label + " delivery (claim + attempt ended)", tasks, pool, threads, ids, jobStore::flush, id -> {
                    Instant started = Instant.now();
                    JobStore.Claim.Proceed claim = (JobStore.Claim.Proceed) jobStore.claim(id, queue, 0, true,
                            new JobStore.Payload(body, "application/json", "UTF-8"), Thread.currentThread().getName());
                    // a consumer acknowledges its message once the attempt's end is committed: it waits, as here
                    jobStore.waitFor(jobStore.attemptEnded(new JobStore.EndedAttempt(claim.jobId(), claim.attempt(), started,
                            Thread.currentThread().getName(), 1, 200, null, "{\"ok\":true}"), JobStatus.FINISHED), "end");
                });
                jobStore.flush();
            }
            pool.shutdown();
        }
    }

    interface Step {
        void run(String id) throws Exception;
    }

    /** Runs step for every id from the threads, then settle (the writes not waited for), on the clock. */
    static void measure(String what, int tasks, ExecutorService pool, int threads, List<String> ids, Runnable settle,
                        Step step)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < tasks; ) {
                    step.run(ids.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        settle.run();
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        System.out.printf("%-45s %8.0f tasks/s  %6.1f µs CPU per task%n", what, tasks * 1e9 / wall, cpu / 1e3 / tasks);
    }
}
