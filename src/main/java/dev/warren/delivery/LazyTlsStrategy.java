package dev.warren.delivery;

import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.util.function.Supplier;

/** A TLS strategy made on the first https connection instead of at start-up. */
// HttpClient's default strategy loads the JDK's TLS (about 400 classes) and parses the public suffix list when it is
// made: a warren that never delivers over https kept them resident
final class LazyTlsStrategy implements TlsSocketStrategy {

    private final Supplier<TlsSocketStrategy> factory;
    private volatile TlsSocketStrategy strategy;

    LazyTlsStrategy(Supplier<TlsSocketStrategy> factory) {
        this.factory = factory;
    }

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return strategy().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy strategy() {
        TlsSocketStrategy made = strategy;
        if (made == null) {
            synchronized (this) {
                made = strategy;
                if (made == null) {
                    made = factory.get();
                    strategy = made;
                }
            }
        }
        return made;
    }
}
