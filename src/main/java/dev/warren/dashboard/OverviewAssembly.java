package dev.warren.dashboard;

import dev.warren.broker.QueueView;
import dev.warren.workers.WorkerGroupView;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Builds the overview from what was read: queue views, worker groups by queue, rate history and problems. */
final class OverviewAssembly {

    private OverviewAssembly() {
    }

    static Overview assemble(Instant at, List<String> problems, Instant countsAt, List<QueueView> queues,
                             Map<String, WorkerGroupView> groups, RateHistory history, int sampleSeconds) {
        List<Overview.QueueSummary> summaries = queues.stream()
                .map(queue -> summary(queue, groups.get(queue.name()), history.rates(queue.name())))
                .toList();
        return new Overview(at, problems.isEmpty(), List.copyOf(problems), countsAt, sampleSeconds, history.capacity(),
                summaries);
    }

    /**
     * The overview as a caller sees it who may use the queues {@code mayUseQueue} accepts: only those queues, and
     * only the problems about warren as a whole or about those queues (naming only those); ready when none is left.
     */
    static Overview visibleTo(Overview all, List<ReadinessProblem> problems, Predicate<String> mayUseQueue) {
        List<String> seen = problems.stream().flatMap(problem -> problem.seenBy(mayUseQueue).stream()).toList();
        List<Overview.QueueSummary> queues = all.queues().stream().filter(queue -> mayUseQueue.test(queue.name())).toList();
        return new Overview(all.at(), seen.isEmpty(), seen, all.countsAt(), all.sampleSeconds(), all.historySamples(),
                queues);
    }

    static Overview.QueueSummary summary(QueueView queue, WorkerGroupView group, RateHistory.Rates rates) {
        Overview.Workers workers = group == null ? null
                : new Overview.Workers(group.type(), group.count(), group.running(), group.state());
        long deadLetters = queue.deadLetter() == null ? 0 : queue.deadLetter().messages();
        // the overview reads the list of queues, which only the management API gives, with every count known
        return new Overview.QueueSummary(queue.name(), queue.type(), queue.messagesReady(), queue.messagesUnacked(),
                deadLetters, queue.consumers(), workers, rates);
    }
}
