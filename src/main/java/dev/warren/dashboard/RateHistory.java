package dev.warren.dashboard;

import dev.warren.ops.WarrenMetrics.Totals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A short in-memory history of each queue's task counters: every sample records how many tasks were published,
 * succeeded and failed since the previous one, keeping the last {@code capacity} samples per queue.
 */
public final class RateHistory {

    private final int capacity;
    private final Map<String, Ring> byQueue = new HashMap<>();
    private Map<String, Totals> previous = Map.of();

    public RateHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Records one sample of the counters; a queue first seen counts from 0, as its counters did. */
    public synchronized void record(Map<String, Totals> totals) {
        Totals zero = new Totals(0, 0, 0);
        totals.forEach((queue, now) -> {
            Totals before = previous.getOrDefault(queue, zero);
            byQueue.computeIfAbsent(queue, q -> new Ring(capacity)).add(
                    Math.max(0, now.published() - before.published()),
                    Math.max(0, now.succeeded() - before.succeeded()),
                    Math.max(0, now.failed() - before.failed()));
        });
        previous = Map.copyOf(totals);
    }

    /** The queue's tasks per sample, oldest first (empty lists when no sample has it yet). */
    public synchronized Rates rates(String queue) {
        Ring ring = byQueue.get(queue);
        return ring == null ? new Rates(List.of(), List.of(), List.of()) : ring.rates();
    }

    /** Tasks published, succeeded and failed in each sample interval, oldest first. */
    public record Rates(List<Long> published, List<Long> succeeded, List<Long> failed) {
    }

    /** A fixed-size ring of samples, overwriting the oldest. */
    private static final class Ring {
        private final long[][] samples;
        private int next;
        private int size;

        Ring(int capacity) {
            samples = new long[capacity][];
        }

        void add(long published, long succeeded, long failed) {
            samples[next] = new long[] {published, succeeded, failed};
            next = (next + 1) % samples.length;
            size = Math.min(size + 1, samples.length);
        }

        Rates rates() {
            List<Long> published = new ArrayList<>(size);
            List<Long> succeeded = new ArrayList<>(size);
            List<Long> failed = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long[] sample = samples[(next - size + i + samples.length) % samples.length];
                published.add(sample[0]);
                succeeded.add(sample[1]);
                failed.add(sample[2]);
            }
            return new Rates(List.copyOf(published), List.copyOf(succeeded), List.copyOf(failed));
        }
    }
}
