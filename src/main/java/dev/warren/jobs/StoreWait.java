package dev.warren.jobs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How long a consumer waits for the store to commit a change it needs (a claim, an attempt's end), and why it failed. */
final class StoreWait {

    private final Duration wait;

    /** @param wait twice the store's connection timeout, as a consumer waits */
    StoreWait(Duration wait) {
        this.wait = wait;
    }

    /** @throws JobStore.Unavailable when the store failed the change or did not commit it in time (it may still later) */
    <T> T waitFor(CompletableFuture<T> change, String what) {
        try {
            return change.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JobStore.Unavailable("the job store did not take the " + what + " within " + wait.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new JobStore.Unavailable("the job store failed the " + what + ": " + rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStore.Unavailable("interrupted while waiting for the job store", e);
        }
    }

    /** True when the store could not be reached or did not answer in time, rather than refusing the change itself. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return JobWriter.isUnreachable(failure);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
