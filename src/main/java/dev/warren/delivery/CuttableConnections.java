package dev.warren.delivery;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A connection manager that can cut the calls under way: every call at once when warren's shutdown timeout has passed,
 * or those of some threads (a worker group's consumers) when that group alone stops.
 */
public final class CuttableConnections implements HttpClientConnectionManager {

    private final HttpClientConnectionManager pool;
    /** Each leased connection and the thread that leased it: a call runs on its consumer's thread (camel-http is synchronous). */
    private final Map<ConnectionEndpoint, Thread> leased = new ConcurrentHashMap<>();
    private final Set<Thread> cutThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public CuttableConnections(HttpClientConnectionManager pool) {
        this.pool = pool;
    }

    /** Closes the connection of every call under way, which then fails, and refuses the calls that would start after. */
    public void cut() {
        // a call must end before its message goes back to the broker, or the target gets the task twice at once; a
        // socket read ignores thread interrupts, but fails at once when its connection is closed
        cut = true;
        leased.keySet().forEach(endpoint -> endpoint.close(CloseMode.IMMEDIATE));
    }

    /**
     * Closes the connections of the calls these threads have under way, and refuses the calls they would start after;
     * the calls of other threads (other worker groups, also to the same host) go on.
     */
    public void cut(Collection<Thread> threads) {
        // the threads of groups stopped before have ended (or end soon): only what may still call is kept
        cutThreads.removeIf(thread -> !thread.isAlive());
        cutThreads.addAll(threads);
        leased.forEach((endpoint, thread) -> {
            if (cutThreads.contains(thread)) {
                endpoint.close(CloseMode.IMMEDIATE);
            }
        });
    }

    /** Whether the thread's calls are cut: a call of its that failed was ended by warren, not by its target. */
    public boolean isCut(Thread thread) {
        return cut || cutThreads.contains(thread);
    }

    @Override
    public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
        LeaseRequest request = pool.lease(id, route, requestTimeout, state);
        return new LeaseRequest() {
            @Override
            public ConnectionEndpoint get(Timeout timeout)
                    throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
                ConnectionEndpoint endpoint = request.get(timeout);
                Thread thread = Thread.currentThread();
                leased.put(endpoint, thread);
                if (isCut(thread)) {
                    endpoint.close(CloseMode.IMMEDIATE);
                    release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
                    throw new ExecutionException(new IOException(cut ? "warren is stopping: its shutdown timeout has passed"
                            : "the worker group is stopping: its shutdown timeout has passed"));
                }
                return endpoint;
            }

            @Override
            public boolean cancel() {
                return request.cancel();
            }
        };
    }

    @Override
    public void release(ConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
        leased.remove(endpoint);
        pool.release(endpoint, newState, validDuration);
    }

    @Override
    public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context) throws IOException {
        pool.connect(endpoint, connectTimeout, context);
    }

    @Override
    public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
        pool.upgrade(endpoint, context);
    }

    @Override
    public void close(CloseMode closeMode) {
        pool.close(closeMode);
    }

    @Override
    public void close() throws IOException {
        pool.close();
    }
}
