package dev.warren.ops;

import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.jolokia.server.core.restrictor.DenyAllRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerRestrictorTest {

    private static final ObjectName ROUTE = name("org.apache.camel:context=warren,type=routes,name=\"worker-q\"");

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aCallerThatIsNoAdminOnlyReads() {
        CallerRestrictor restrictor = new CallerRestrictor(new AllowAllRestrictor());
        CallerRestrictor.asCaller(false, () -> {
            assertTrue(restrictor.isTypeAllowed(RequestType.READ));
            assertTrue(restrictor.isTypeAllowed(RequestType.SEARCH));
            assertFalse(restrictor.isTypeAllowed(RequestType.EXEC));
            assertFalse(restrictor.isTypeAllowed(RequestType.WRITE));
            assertFalse(restrictor.isTypeAllowed(RequestType.NOTIFICATION));
            assertFalse(restrictor.isOperationAllowed(ROUTE, "stop"));
            assertFalse(restrictor.isAttributeWriteAllowed(ROUTE, "TracingPattern"));
            assertTrue(restrictor.isAttributeReadAllowed(ROUTE, "State"));
            return null;
        });
    }

    @Test
    void anAdminGetsWhatThePolicyAllowsAndNoMore() {
        CallerRestrictor allowAll = new CallerRestrictor(new AllowAllRestrictor());
        CallerRestrictor denyAll = new CallerRestrictor(new DenyAllRestrictor());
        CallerRestrictor.asCaller(true, () -> {
            assertTrue(allowAll.isTypeAllowed(RequestType.EXEC));
            assertTrue(allowAll.isOperationAllowed(ROUTE, "stop"));
            assertFalse(denyAll.isTypeAllowed(RequestType.EXEC));
            assertFalse(denyAll.isOperationAllowed(ROUTE, "stop"));
            return null;
        });
    }

    @Test
    void outsideARequestNobodyIsAnAdmin() {
        CallerRestrictor restrictor = new CallerRestrictor(new AllowAllRestrictor());
        CallerRestrictor.asCaller(true, () -> null);
        assertFalse(restrictor.isTypeAllowed(RequestType.EXEC), "the caller does not outlive its request");
    }
}
