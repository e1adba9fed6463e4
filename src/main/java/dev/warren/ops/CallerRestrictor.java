package dev.warren.ops;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

import javax.management.ObjectName;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The access policy's restrictor, narrowed to reading for a caller that is not an admin: Jolokia asks it with its own
 * reading of each request, so an operation or a write is refused even where warren's reading of the HTTP request
 * differed from Jolokia's.
 */
final class CallerRestrictor implements Restrictor {

    private static final Set<RequestType> READS = EnumSet.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION);
    // Jolokia handles a request on the thread that hands it over, so the caller travels with that thread
    private static final ThreadLocal<Boolean> ADMIN = ThreadLocal.withInitial(() -> false);

    private final Restrictor policy;

    CallerRestrictor(Restrictor policy) {
        this.policy = policy;
    }

    /** Runs a Jolokia request for a caller that is an admin or not. */
    static <T> T asCaller(boolean admin, Supplier<T> request) {
        ADMIN.set(admin);
        try {
            return request.get();
        } finally {
            ADMIN.remove();
        }
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return policy.isTypeAllowed(type) && (READS.contains(type) || ADMIN.get());
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return ADMIN.get() && policy.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return ADMIN.get() && policy.isOperationAllowed(name, operation);
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return policy.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return policy.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return policy.isRemoteAccessAllowed(hostOrAddress);
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return policy.isOriginAllowed(origin, strictCheck);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return policy.isObjectNameHidden(name);
    }

    @Override
    public boolean ignoreScheme() {
        return policy.ignoreScheme();
    }
}
