package dev.warren.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditTextTest {

    @Test
    void textWithinTheLimitIsKeptAsItIs() {
        assertEquals("/api/queues/orders/purge", AuditText.cap("/api/queues/orders/purge", 400));
        assertEquals("x".repeat(400), AuditText.cap("x".repeat(400), 400));
        assertNull(AuditText.cap(null, 400));
    }

    @Test
    void longerTextKeepsItsBeginningAndSaysHowLongItWas() {
        String path = "/api/queues/" + "Z".repeat(3800) + "/purge";
        String capped = AuditText.cap(path, 400);
        assertEquals(400, capped.length(), capped);
        assertTrue(capped.startsWith("/api/queues/ZZZ"), capped);
        assertTrue(capped.endsWith("… (3818 characters)"), capped);
    }

    @Test
    void aShortLimitEndsWithTheEllipsisAlone() {
        assertEquals("ZZZZZZZZZ…", AuditText.cap("Z".repeat(40), 10));
    }

    @Test
    void theCutNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE00";
        String capped = AuditText.cap(emoji.repeat(300), 400);
        assertTrue(capped.length() <= 400, capped);
        String kept = capped.substring(0, capped.indexOf('…'));
        assertEquals(0, kept.length() % 2, "whole surrogate pairs only");
        assertTrue(capped.endsWith("… (300 characters)"), capped);
        assertEquals(emoji.repeat(4) + "…", AuditText.cap(emoji.repeat(8), 10), "the ninth char would be half an emoji");
    }

    @Test
    void anAuditEntryIsStoredCapped() {
        String name = "Z".repeat(3800);
        AuditEntry entry = new AuditEntry(Instant.EPOCH, null, null, "ZZZZZZZZZZZZZZZZ", "/api/queues/" + name + "/purge",
                name, 401, "refused").capped();
        assertEquals(AuditEntry.MAX_TEXT, entry.path().length());
        assertEquals(AuditEntry.MAX_TEXT, entry.target().length());
        assertEquals(AuditEntry.MAX_METHOD, entry.method().length());
        assertTrue(entry.target().endsWith("… (3800 characters)"), entry.target());
    }
}
