package dev.warren.instances;

import dev.warren.delivery.GateNews;
import dev.warren.delivery.TargetNews;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A target gate's news as it travels between instances: what it says, and only that. */
class GateNoticesTest {

    /** News that names no target URL, as an instance before target digests sent it. */
    private static TargetNews anyUrl(GateNews news) {
        return new TargetNews(null, news);
    }

    @Test
    void aPauseTravelsAsHowLongItLastsAndEndsAtTheSameTimeOnTheOtherHost() {
        String payload = GateNotices.write(anyUrl(new GateNews.Paused("orders", 15_000)), "a1", 10_000);
        assertEquals("{\"queue\":\"orders\",\"instance\":\"a1\",\"state\":\"paused\",\"forMs\":5000}", payload);
        // heard 20 ms later on a host whose clock is an hour ahead
        long there = 10_020 + 3_600_000;
        assertEquals(Optional.of(new GateNotices.Notice("a1", anyUrl(new GateNews.Paused("orders", there + 5_000)))),
                GateNotices.read(payload, there));
    }

    @Test
    void anOpeningCarriesItsOpeningsAndTheErrorSummaryAndAClosingOnlyTheQueue() {
        String opened = GateNotices.write(anyUrl(new GateNews.Opened("orders", 12_000, 2, "HTTP 503")), "a1",
                10_000);
        assertEquals(Optional.of(new GateNotices.Notice("a1",
                        anyUrl(new GateNews.Opened("orders", 52_000, 2, "HTTP 503")))),
                GateNotices.read(opened, 50_000));
        String closed = GateNotices.write(anyUrl(new GateNews.Closed("orders")), "a1", 10_000);
        assertEquals("{\"queue\":\"orders\",\"instance\":\"a1\",\"state\":\"closed\"}", closed);
        assertEquals(Optional.of(new GateNotices.Notice("a1", anyUrl(new GateNews.Closed("orders")))),
                GateNotices.read(closed, 0));
    }

    @Test
    void theTargetItIsAboutTravelsAsItsDigestAndNewsWithoutOneIsAnOlderInstancesAboutAnyUrl() {
        String secretUrl = "https://hooks.example/orders?token=s3cr3t";
        String target = TargetNews.targetOf(secretUrl);
        String payload = GateNotices.write(new TargetNews(target, new GateNews.Closed("orders")), "a1", 10_000);
        assertEquals("{\"queue\":\"orders\",\"instance\":\"a1\",\"state\":\"closed\",\"target\":\"" + target + "\"}",
                payload);
        assertFalse(payload.contains("hooks") || payload.contains("s3cr3t"), payload);
        assertEquals(Optional.of(new GateNotices.Notice("a1", new TargetNews(target, new GateNews.Closed("orders")))),
                GateNotices.read(payload, 0));
        assertEquals(Optional.of(new GateNotices.Notice("a1", anyUrl(new GateNews.Closed("orders")))),
                GateNotices.read("{\"queue\":\"orders\",\"instance\":\"a1\",\"state\":\"closed\"}", 0));
    }

    @Test
    void aTimeAlreadyPastTravelsAsNothingLeft() {
        String payload = GateNotices.write(anyUrl(new GateNews.Paused("orders", 9_000)), "a1", 10_000);
        assertEquals(Optional.of(new GateNotices.Notice("a1", anyUrl(new GateNews.Paused("orders", 50_000)))),
                GateNotices.read(payload, 50_000));
    }

    @Test
    void whatIsNotANoticeIsIgnoredAndWhatANewerVersionAddsIsSkipped() {
        for (String payload : new String[] {"orders", "{}", "{\"queue\":\"q\",\"instance\":\"a\",\"state\":\"melted\"}",
                "{\"queue\":\"q\",\"instance\":\"a\",\"state\":\"paused\"}", "{\"queue\":\"q\",\"state\":\"closed\"}"}) {
            assertTrue(GateNotices.read(payload, 0).isEmpty(), payload);
        }
        assertEquals(Optional.of(new GateNotices.Notice("a", anyUrl(new GateNews.Closed("q")))),
                GateNotices.read("{\"queue\":\"q\",\"instance\":\"a\",\"state\":\"closed\",\"reason\":\"x\"}", 0));
    }
}
