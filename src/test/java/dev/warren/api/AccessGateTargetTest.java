package dev.warren.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The target an audit entry names: the resource of the request's path. */
class AccessGateTargetTest {

    @Test
    void theResourceAfterTheKindIsTheTarget() {
        assertEquals("orders", AccessGate.targetOf("/api/exchanges/orders/publish"));
        assertEquals("news", AccessGate.targetOf("/api/topics/news/subscribers"));
        assertEquals("0b1c", AccessGate.targetOf("/api/jobs/0b1c/cancel"));
        assertEquals("k1", AccessGate.targetOf("/api/keys/k1"));
        assertEquals("emails", AccessGate.targetOf("/queue/publish/emails"));
        assertEquals("a b", AccessGate.targetOf("/api/schedules/a%20b"));
    }

    @Test
    void aKafkaTopicIsTheTargetOfItsPaths() {
        assertEquals("t1", AccessGate.targetOf("/api/kafka/topics/t1"));
        assertEquals("t1", AccessGate.targetOf("/api/kafka/topics/t1/workers/scale"));
        assertNull(AccessGate.targetOf("/api/kafka/topics"));
    }

    @Test
    void anActionOnAWholeKindOrAListHasNoTarget() {
        assertNull(AccessGate.targetOf("/api/jobs/retry"));
        assertEquals("retry", AccessGate.targetOf("/api/jobs/retry/retry"), "a job whose id is \"retry\"");
        assertNull(AccessGate.targetOf("/api/keys"));
        assertNull(AccessGate.targetOf("/queue/workers"));
        assertNull(AccessGate.targetOf("/observe/jolokia"));
    }
}
