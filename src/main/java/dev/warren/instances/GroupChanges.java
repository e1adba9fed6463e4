package dev.warren.instances;

import dev.warren.store.Store;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Hears of worker-group changes made through other instances: PostgreSQL LISTEN on a connection of its own, a
 * notification naming the queue whose group to re-read from the table (the table is the truth). Everything is re-read
 * after a (re)connect and every full-read interval too, so a notification lost to a broken connection costs at most that.
 */
public final class GroupChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupChanges.class);

    private final Store store;
    private final Consumer<String> groupChanged;
    private final Runnable readAll;
    private final Duration fullReadInterval;
    private final java.util.List<Listener> others = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private Thread thread;

    public GroupChanges(Store store, Consumer<String> groupChanged, Runnable readAll, Duration fullReadInterval) {
        this.store = store;
        this.groupChanged = groupChanged;
        this.readAll = readAll;
        this.fullReadInterval = fullReadInterval;
    }

    /** Groups of another kind, their changes named "{prefix}{name}" on the same channel. */
    private record Listener(String prefix, Consumer<String> changed, Runnable readAll) {
    }

    /**
     * Also hands a change named "{prefix}{name}" to this listener (the name without the prefix) instead of the queue
     * groups', and runs its full read with theirs (e.g. Kafka worker groups, "kafka:{topic}").
     */
    public void alsoFor(String prefix, Consumer<String> changed, Runnable readAll) {
        others.add(new Listener(prefix, changed, readAll));
    }

    /** Listens on a thread of its own until closed. */
    public void start() {
        thread = new Thread(this::listen, "warren-group-changes");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (running) {
            try (Connection connection = store.openConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + store.channel(dev.warren.workers.WorkerGroupStore.CHANNEL) + "\"");
                }
                readAllSafely();
                PGConnection pg = connection.unwrap(PGConnection.class);
                long nextFullRead = System.nanoTime() + fullReadInterval.toNanos();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            changedSafely(notification.getParameter());
                        }
                    }
                    if (System.nanoTime() >= nextFullRead) {
                        readAllSafely();
                        nextFullRead = System.nanoTime() + fullReadInterval.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Listening for worker-group changes failed, trying again: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void changedSafely(String name) {
        try {
            Listener other = others.stream().filter(l -> name.startsWith(l.prefix())).findFirst().orElse(null);
            if (other != null) {
                other.changed().accept(name.substring(other.prefix().length()));
            } else {
                groupChanged.accept(name);
            }
        } catch (RuntimeException e) {
            LOG.error("Worker group {}: applying a change from the store failed: {}", name, e.getMessage());
        }
    }

    private void readAllSafely() {
        java.util.List<Runnable> reads = new java.util.ArrayList<>(java.util.List.of(readAll));
        others.forEach(other -> reads.add(other.readAll()));
        for (Runnable read : reads) {
            try {
                read.run();
            } catch (RuntimeException e) {
                LOG.warn("Re-reading the worker groups failed: {}", e.getMessage());
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(2000);
        }
    }
}
