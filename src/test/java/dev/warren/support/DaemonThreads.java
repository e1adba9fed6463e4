package dev.warren.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads for test fakes (servers, proxies): a thread per task that never keeps the test JVM alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A thread per task, reused while idle, named {@code name-1}, {@code name-2}, ... */
    public static ExecutorService pool(String name) {
        AtomicInteger sequence = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> thread(name + "-" + sequence.incrementAndGet(), runnable));
    }

    /** Starts {@code task} on a new daemon thread. */
    public static Thread start(String name, Runnable task) {
        Thread thread = thread(name, task);
        thread.start();
        return thread;
    }

    private static Thread thread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
