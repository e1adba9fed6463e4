package dev.warren.delivery;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A failed call's error, as a job's attempt records it: what happened in words, then what the client said. */
class DeliveryErrorTextTest {

    @Test
    void theCommonFailuresAreNamedInWordsNotByTheirJavaClass() {
        assertEquals("timeout (Read timed out)", DeliverySteps.describe(new SocketTimeoutException("Read timed out")));
        assertEquals("connection failed (Connection refused)", DeliverySteps.describe(new ConnectException("Connection refused")));
        assertEquals("host not found (orders.invalid)", DeliverySteps.describe(new UnknownHostException("orders.invalid")));
        assertEquals("TLS failed (PKIX path building failed)",
                DeliverySteps.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")));
        assertEquals("no answer: the target closed the connection (127.0.0.1:9 failed to respond)", DeliverySteps.describe(
                new org.apache.hc.core5.http.NoHttpResponseException("127.0.0.1:9 failed to respond")));
    }

    @Test
    void whatBreakerSummariesReadOfThemStaysTheSame() {
        assertEquals("timeout", TargetGate.summary(DeliverySteps.describe(new SocketTimeoutException("x"))));
        assertEquals("call failed", TargetGate.summary(DeliverySteps.describe(new UnknownHostException("x"))));
    }
}
