package dev.warren.instances;

import dev.warren.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Work that must run on one instance at a time: on PostgreSQL it runs only while this instance holds a session-level
 * advisory lock on a connection of its own, tried again each period; if the holder dies its connection closes, the
 * lock is released and the next instance to try takes it. On the embedded store (one instance) it is always our turn.
 */
public final class StoreTurn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreTurn.class);

    private final Store store;
    private final String name;
    private final String instanceId;
    private Connection connection;
    private boolean held;
    private boolean closed;

    /** @param name what the work is, for the log and the lock's key */
    public StoreTurn(Store store, String name, String instanceId) {
        this.store = store;
        this.name = name;
        this.instanceId = instanceId;
    }

    /** True when this instance may do the work now: it holds the lock, or took it just now. */
    public synchronized boolean ours() {
        if (!store.postgres()) {
            return true;
        }
        if (closed) {
            // a tick still under way while warren stops must not take the lock again on a connection nobody closes
            return false;
        }
        try {
            if (held && connection.isValid(1)) {
                return true;
            }
            if (held) {
                LOG.warn("{}: the connection holding its lock was lost; another instance may take it", name);
                held = false;
            }
            if (connection == null || !connection.isValid(1)) {
                closeConnection();
                connection = store.openConnection();
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, key(store.scope() + "/" + name));
                try (ResultSet result = statement.executeQuery()) {
                    held = result.next() && result.getBoolean(1);
                }
            }
            if (held) {
                LOG.info("{} runs on this instance ({}) from now on", name, instanceId);
            }
            return held;
        } catch (SQLException | RuntimeException e) {
            held = false;
            closeConnection();
            LOG.debug("{}: the lock could not be tried: {}", name, e.getMessage());
            return false;
        }
    }

    /** The advisory lock's key: 64 bits of the SHA-256 of the scope and the name. */
    static long key(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the lock connection of {}: {}", name, e.getMessage());
            }
            connection = null;
        }
    }

    /** Releases the lock, then closes its session, so that another instance takes the work at once. */
    @Override
    public synchronized void close() {
        closed = true;
        if (held && connection != null) {
            // the server ends a closed session's locks only after it notices the socket closed: unlocking is at once
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, key(store.scope() + "/" + name));
                statement.execute();
            } catch (SQLException e) {
                LOG.debug("Unlocking {}: {}", name, e.getMessage());
            }
        }
        held = false;
        closeConnection();
    }
}
