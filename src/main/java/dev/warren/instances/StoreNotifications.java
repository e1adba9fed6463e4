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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hears what other instances tell through the store: PostgreSQL LISTEN on a connection of its own, on one channel per
 * topic (worker-group changes, target gates), each notification's payload handed to its topic's listener. Each
 * topic's resync runs after every (re)connect and every resync interval too, so a notification lost to a broken
 * connection costs at most that.
 */
public final class StoreNotifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreNotifications.class);

    /** What a topic's notifications are for: the payload heard, and what to do when some may have been missed. */
    private record Topic(String name, Consumer<String> heard, Runnable resync) {
    }

    private final Store store;
    private final Duration resyncInterval;
    /** By channel name; topics are added before {@link #start}. */
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    public StoreNotifications(Store store, Duration resyncInterval) {
        this.store = store;
        this.resyncInterval = resyncInterval;
    }

    /** Listens on the topic's channel once started; resync runs after each (re)connect and every resync interval. */
    public StoreNotifications on(String topic, Consumer<String> heard, Runnable resync) {
        topics.put(store.channel(topic), new Topic(topic, heard, resync));
        return this;
    }

    /** Listens on a thread of its own until closed. */
    public void start() {
        thread = new Thread(this::listen, "warren-store-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (running) {
            try (Connection connection = store.openConnection()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : topics.keySet()) {
                        statement.execute("LISTEN \"" + channel + "\"");
                    }
                }
                resyncSafely();
                PGConnection pg = connection.unwrap(PGConnection.class);
                long nextResync = System.nanoTime() + resyncInterval.toNanos();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            heardSafely(notification.getName(), notification.getParameter());
                        }
                    }
                    if (System.nanoTime() >= nextResync) {
                        resyncSafely();
                        nextResync = System.nanoTime() + resyncInterval.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Listening for the other instances' notifications failed, trying again: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void heardSafely(String channel, String payload) {
        Topic topic = topics.get(channel);
        if (topic == null) {
            return;
        }
        try {
            topic.heard().accept(payload);
        } catch (RuntimeException e) {
            LOG.error("Applying a notification on {} ({}) failed: {}", topic.name(), payload, e.getMessage());
        }
    }

    private void resyncSafely() {
        for (Topic topic : List.copyOf(topics.values())) {
            try {
                topic.resync().run();
            } catch (RuntimeException e) {
                LOG.warn("Re-reading {} failed: {}", topic.name(), e.getMessage());
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
