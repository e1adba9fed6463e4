package dev.warren.dashboard;

import dev.warren.broker.QueueView;
import dev.warren.ops.WarrenMetrics.Totals;
import dev.warren.workers.WorkerGroupView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverviewAssemblyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

    private static QueueView queue(String name, long ready, long unacked, QueueView.DeadLetter deadLetter) {
        return new QueueView(name, "quorum", true, ready + unacked, ready, (long) unacked, 2, deadLetter, null, null);
    }

    private static WorkerGroupView group(String queue, int count, int running, String state) {
        return new WorkerGroupView(queue, "http", count, running, state, 10, null, null, null, 0, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void eachQueueShowsItsCountsItsGroupAndItsRates() {
        RateHistory history = new RateHistory(4);
        history.record(Map.of("orders", new Totals(3, 1, 1)));
        Overview overview = OverviewAssembly.assemble(NOW, List.of(), NOW,
                List.of(queue("orders", 7, 2, new QueueView.DeadLetter("orders.dlq", 4)), queue("idle", 0, 0, null)),
                Map.of("orders", group("orders", 3, 2, "running")), history, 2);

        assertTrue(overview.ready());
        assertEquals(2, overview.sampleSeconds());
        assertEquals(4, overview.historySamples());
        Overview.QueueSummary orders = overview.queues().get(0);
        assertEquals("orders", orders.name());
        assertEquals(7, orders.ready());
        assertEquals(2, orders.inFlight());
        assertEquals(4, orders.deadLetters());
        assertEquals(new Overview.Workers("http", 3, 2, "running"), orders.workers());
        assertEquals(List.of(3L), orders.rates().published());
        assertEquals(List.of(1L), orders.rates().failed());

        Overview.QueueSummary idle = overview.queues().get(1);
        assertNull(idle.workers(), "a queue without a worker group");
        assertEquals(0, idle.deadLetters(), "a queue without a dead-letter queue");
        assertEquals(List.of(), idle.rates().published());
    }

    @Test
    void problemsMakeItNotReadyAndAreKeptInOrder() {
        Overview overview = OverviewAssembly.assemble(NOW, List.of("RabbitMQ does not answer", "the store does not answer"),
                NOW.minusSeconds(30), List.of(), Map.of(), new RateHistory(1), 2);
        assertFalse(overview.ready());
        assertEquals(List.of("RabbitMQ does not answer", "the store does not answer"), overview.problems());
        assertEquals(NOW.minusSeconds(30), overview.countsAt());
    }

    @Test
    void aCallerLimitedToSomeQueuesSeesOnlyThemAndOnlyProblemsAboutThemOrAboutWarren() {
        List<ReadinessProblem> problems = List.of(ReadinessProblem.general("the store (database) does not answer"),
                new ReadinessProblem("worker groups without running consumers", List.of("orders", "billing")));
        Overview all = OverviewAssembly.assemble(NOW, problems.stream().map(ReadinessProblem::text).toList(), NOW,
                List.of(queue("orders", 1, 0, null), queue("billing", 2, 0, null), queue("mail", 3, 0, null)),
                Map.of("billing", group("billing", 1, 0, "running")), new RateHistory(1), 2);
        assertEquals(List.of("the store (database) does not answer",
                "worker groups without running consumers: orders, billing"), all.problems());

        Overview orders = OverviewAssembly.visibleTo(all, problems, "orders"::equals);
        assertEquals(List.of("orders"), orders.queues().stream().map(Overview.QueueSummary::name).toList());
        assertEquals(List.of("the store (database) does not answer", "worker groups without running consumers: orders"),
                orders.problems());
        assertFalse(orders.ready());

        Overview mail = OverviewAssembly.visibleTo(all, problems.subList(1, 2), "mail"::equals);
        assertEquals(List.of("mail"), mail.queues().stream().map(Overview.QueueSummary::name).toList());
        assertEquals(List.of(), mail.problems(), "no problem about its queues");
        assertTrue(mail.ready());

        assertEquals(all, OverviewAssembly.visibleTo(all, problems, queue -> true), "a caller of every queue sees all");
    }
}
