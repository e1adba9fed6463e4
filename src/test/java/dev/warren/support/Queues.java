package dev.warren.support;

/** Clean-up of the queues a test made: through warren's API (its worker group stops), then on the broker whatever is left. */
public final class Queues {

    private Queues() {
    }

    /** Deletes each queue through warren, then its remains (dead letters, wait queues) on the broker, whatever fails. */
    public static void deleteQueue(RunningWarren warren, String... queues) {
        for (String queue : queues) {
            try {
                warren.http.delete("/api/queues/" + queue);
            } catch (RuntimeException e) {
                // the broker-side clean-up below still runs
            } finally {
                TestBroker.get().deleteQueues(queue);
            }
        }
    }
}
