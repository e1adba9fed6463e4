package dev.warren.dashboard;

import dev.warren.support.Browser;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.Map;

import static dev.warren.support.WarrenCalls.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's Kafka page, in a real browser, against a warren with Kafka configured: a topic and its worker group
 * made through the API show there, with offsets and lag; the group is paused and resumed and a message published from
 * the page; a viewer sees the same page with every action disabled.
 */
class KafkaDashboardIT {

    private static final Duration LIVE = DashboardPerClass.LIVE;
    private static RunningWarren warren;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.kafka.bootstrap-servers", TestKafka.get().bootstrapServers));
        browser = Browser.desktop();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void anOperatorWatchesPausesResumesAndPublishesToAKafkaTopicFromItsPage() {
        String topic = TestBroker.uniqueName("ui-kafka");
        String lagRow = "#kafka-lags tr[data-group='warren-workers." + topic + "']";
        try (TargetServer target = TargetServer.start()) {
            assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{\"partitions\": 2}").status());
            Http.Response group = warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 1,"
                    + " \"target\": {\"url\": \"" + target.url() + "\"}}");
            assertEquals(200, group.status(), group.body());

            // the nav link shows with Kafka configured; the list links to the topic's page
            browser.open(warren, "#/");
            browser.waitForElement("#nav-kafka a", LIVE).click();
            browser.waitForElement("#kafka-topics tr[data-topic='" + topic + "'] a", LIVE).click();
            browser.waitForText("#kafka-topic-name", topic, LIVE);
            browser.waitForText("#kafka-facts [data-field=partitions]", "2", LIVE);
            browser.waitForText("#kafka-group [data-field=state]", "running", LIVE);
            browser.waitForText("#kafka-group [data-field=consumers]", "1 running of 1 (2 partitions)", LIVE);

            // published from the page: delivered, the group's offsets committed (lag 0), counted as processed
            publishFromPage("{\"order\": 1}", "k-1");
            browser.waitForText("#kafka-group [data-field=processed]", "1 processed: 1 succeeded", LIVE);
            browser.waitForText(lagRow + " [data-field=lag]", "0", LIVE);
            assertEquals(1, target.requests().size(), "the target got the message");

            // paused from the page: a message published meanwhile waits, shown as lag
            browser.find("#pause-group").click();
            browser.waitForText("#kafka-group [data-field=state]", "paused", LIVE);
            assertEquals("paused", warren.http.get("/api/kafka/topics/" + topic + "/workers").json().path("state").asText());
            publishFromPage("{\"order\": 2}", "k-1");
            browser.waitForText("#kafka-facts [data-field=messages]", "2", LIVE);
            browser.waitForText(lagRow + " [data-field=lag]", "1", LIVE);
            assertEquals(1, target.requests().size(), "nothing delivered while paused");
            browser.screenshot("kafka-topic");

            // resumed from the page: the waiting message is delivered and the lag is gone
            browser.find("#resume-group").click();
            browser.waitForText("#kafka-group [data-field=state]", "running", LIVE);
            browser.waitForText("#kafka-group [data-field=processed]", "2 processed: 2 succeeded", Duration.ofSeconds(20));
            browser.waitForText(lagRow + " [data-field=lag]", "0", LIVE);
            assertEquals(2, target.requests().size());

            // the group's jobs, listed with their queue kafka:{topic}, which links back to the topic
            browser.find("#kafka-jobs").click();
            browser.waitFor("the topic's two jobs", LIVE, () -> browser.findAll("#jobs tr[data-job]").size() == 2);
            browser.find("#jobs tr[data-job] a[href^='#/kafka/']").click();
            browser.waitForText("#kafka-topic-name", topic, LIVE);
        } finally {
            warren.http.delete("/api/kafka/topics/" + topic);
            warren.http.delete("/api/kafka/topics/" + topic + ".dlt");
        }
    }

    @Test
    void aViewerSeesTheKafkaPageWithEveryActionDisabled() {
        String topic = TestBroker.uniqueName("ui-kafka-viewer");
        try (TargetServer target = TargetServer.start()) {
            assertEquals(201, warren.http.put("/api/kafka/topics/" + topic, "{}").status());
            assertEquals(200, warren.http.put("/api/kafka/topics/" + topic + "/workers", "{\"type\": \"http\", \"count\": 1,"
                    + " \"target\": {\"url\": \"" + target.url() + "\"}}").status());
            browser.open(warren, "#/kafka/" + topic, newKey(warren, "viewer"));
            browser.waitForText("#kafka-group [data-field=state]", "running", LIVE);
            WebElement pause = browser.waitForElement("#pause-group", LIVE);
            assertFalse(pause.isEnabled(), "pause is disabled for a viewer");
            assertTrue(pause.getAttribute("title").contains("needs operator"), pause.getAttribute("title"));
            assertFalse(browser.find("#scale").isEnabled(), "scale is disabled for a viewer");
            assertTrue(browser.findAll("#kafka-publish").isEmpty(), "no publish form for a viewer");
            assertTrue(browser.pageText().contains("needs publisher"), browser.pageText());
            assertTrue(browser.find("#nav-kafka").isDisplayed(), "a viewer reads Kafka");
        } finally {
            warren.http.delete("/api/kafka/topics/" + topic);
            warren.http.delete("/api/kafka/topics/" + topic + ".dlt");
        }
    }

    /** Publishes from the topic page's form and waits for the page to say the cluster acknowledged it. */
    private static void publishFromPage(String payload, String key) {
        browser.waitForElement("#kafka-publish-form", LIVE);
        browser.script("document.getElementById('kafka-publish-result').textContent = ''");
        WebElement text = browser.find("#kafka-payload");
        text.clear();
        text.sendKeys(payload);
        WebElement keyInput = browser.find("#kafka-key");
        keyInput.clear();
        keyInput.sendKeys(key);
        browser.find("#kafka-publish").click();
        browser.waitForText("#kafka-publish-result", "acknowledged by the cluster", LIVE);
    }
}
