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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/** A connection manager that can cut every call under way at once, when warren's shutdown timeout has passed. */
public final class CuttableConnections implements HttpClientConnectionManager {

    private final HttpClientConnectionManager pool;
    private final Set<ConnectionEndpoint> leased = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public CuttableConnections(HttpClientConnectionManager pool) {
        this.pool = pool;
    }

    /** Closes the connection of every call under way, which then fails, and refuses the calls that would start after. */
    public void cut() {
        // a call must end before its message goes back to the broker, or the target gets the task twice at once; a
        // socket read ignores thread interrupts, but fails at once when its connection is closed
        cut = true;
        leased.forEach(endpoint -> endpoint.close(CloseMode.IMMEDIATE));
    }

    @Override
    public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
        LeaseRequest request = pool.lease(id, route, requestTimeout, state);
        return new LeaseRequest() {
            @Override
            public ConnectionEndpoint get(Timeout timeout)
                    throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
                ConnectionEndpoint endpoint = request.get(timeout);
                leased.add(endpoint);
                if (cut) {
                    endpoint.close(CloseMode.IMMEDIATE);
                    release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
                    throw new ExecutionException(new IOException("warren is stopping: its shutdown timeout has passed"));
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
