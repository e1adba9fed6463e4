package dev.warren.dashboard;

import dev.warren.broker.QueueView;
import dev.warren.broker.QueueViews;
import dev.warren.ops.ReadinessCheck;
import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.WorkerGroupView;
import dev.warren.workers.WorkerGroups;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The dashboard's live view: samples warren's task counters into a {@link RateHistory} and reads the broker's queue
 * counts in the background on Camel-owned threads, and answers the overview from what it has without waiting.
 */
public final class Dashboard {

    private final CamelContext context;
    private final QueueViews queues;
    private final WorkerGroups groups;
    private final WarrenMetrics metrics;
    private final RateHistory history;
    private final Duration sample;
    private final Duration refresh;
    /** How long an overview waits for a read under way; a slower broker's counts come with a later overview. */
    private static final Duration QUICK = Duration.ofSeconds(1);
    private final Clock clock;
    private final QueueCounts counts;
    private volatile ExecutorService reader;
    /** The read started last, which an overview waits for a moment so that a quick broker's counts are current. */
    private volatile java.util.concurrent.Future<?> pending;
    private Overview last;
    private List<ReadinessProblem> lastProblems = List.of();

    public Dashboard(CamelContext context, QueueViews queues, WorkerGroups groups, WarrenMetrics metrics,
                     Duration sample, int historySamples, Duration refresh, Clock clock) {
        this.context = context;
        this.queues = queues;
        this.groups = groups;
        this.metrics = metrics;
        this.history = new RateHistory(historySamples);
        this.sample = sample;
        this.refresh = refresh;
        this.clock = clock;
        this.counts = new QueueCounts(refresh);
    }

    /** Starts sampling and the counts' reader on threads Camel owns (they show in JMX and stop with the context). */
    public void start() {
        // a thread of its own: a slow management API must hold up neither the rates' samples nor any overview
        reader = context.getExecutorServiceManager().newSingleThreadExecutor(this, "warren-dashboard-counts");
        readCounts();
        ScheduledExecutorService scheduler = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "warren-dashboard-rates");
        history.record(metrics.totals());
        scheduler.scheduleAtFixedRate(() -> history.record(metrics.totals()), sample.toMillis(), sample.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The overview now, or the one made less than {@code refresh} ago, as a caller sees it who may use the queues
     * {@code mayUseQueue} accepts: only those queues, and only the problems about warren as a whole or about them.
     * The queue counts are the last the background read got (with their time); this never waits for the broker's.
     */
    public Overview overview(Predicate<String> mayUseQueue) {
        readCounts();
        awaitRead();
        Overview all;
        List<ReadinessProblem> problems;
        synchronized (this) {
            all = overview();
            problems = lastProblems;
        }
        return OverviewAssembly.visibleTo(all, problems, mayUseQueue);
    }

    private Overview overview() {
        Instant now = clock.instant();
        QueueCounts.Seen seen = counts.seen(now);
        if (last != null && Duration.between(last.at(), now).compareTo(refresh) < 0
                && java.util.Objects.equals(last.countsAt(), seen.at())) {
            return last;
        }
        List<ReadinessProblem> problems = readinessProblems();
        seen.problem().ifPresent(problem -> problems.add(ReadinessProblem.general(problem)));
        Map<String, WorkerGroupView> byQueue = groups.all().stream()
                .collect(Collectors.toMap(WorkerGroupView::queue, Function.identity(), (a, b) -> a));
        lastProblems = List.copyOf(problems);
        last = OverviewAssembly.assemble(now, problems.stream().map(ReadinessProblem::text).toList(),
                seen.at(), seen.queues(), byQueue, history, (int) sample.toSeconds());
        return last;
    }

    /** Starts a read of the broker's counts in the background unless one is under way or started within refresh. */
    private void readCounts() {
        if (reader == null || !counts.startRead(clock.instant())) {
            return;
        }
        try {
            pending = reader.submit(() -> {
                try {
                    List<QueueView> read = queues.all();
                    counts.read(read, clock.instant());
                } catch (RuntimeException e) {
                    counts.failed(message(e));
                }
            });
        } catch (RejectedExecutionException stopping) {
            counts.failed("warren is stopping");
        }
    }

    /** Waits up to {@link #QUICK} for the read under way: a broker that answers at once gives current counts. */
    private void awaitRead() {
        java.util.concurrent.Future<?> read = pending;
        if (read == null || read.isDone()) {
            return;
        }
        try {
            read.get(QUICK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException slowOrFailed) {
            // the last counts are shown, with their time and, once the read is slow, a note saying so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ReadinessProblem> readinessProblems() {
        List<ReadinessProblem> problems = new ArrayList<>();
        for (HealthCheck.Result result : HealthCheckHelper.invokeReadiness(context)) {
            if (result.getState() == HealthCheck.State.DOWN) {
                Map<String, Object> details = result.getDetails();
                if (details.get(ReadinessCheck.QUEUES) instanceof List<?> queues) {
                    problems.add(new ReadinessProblem(String.valueOf(details.get(ReadinessCheck.SUMMARY)),
                            queues.stream().map(String::valueOf).toList()));
                } else {
                    problems.add(ReadinessProblem.general(
                            result.getMessage().orElse(result.getCheck().getId() + " is not ready")));
                }
            }
        }
        return problems;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
