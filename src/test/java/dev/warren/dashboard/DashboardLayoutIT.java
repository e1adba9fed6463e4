package dev.warren.dashboard;

import dev.warren.support.Browser;
import dev.warren.support.RunningWarren;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard on a phone-width screen, and what it shows when warren stops answering. */
class DashboardLayoutIT extends WarrenPerClass {

    private static final Duration LIVE = Duration.ofSeconds(10);

    @Test
    void theDashboardsFilesAreServedWithTheirTypesNoListingAndNoData() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + warren.port + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        var root = get.apply("/ui");
        assertEquals(302, root.statusCode());
        assertEquals("/ui/", root.headers().firstValue("Location").orElse(""));
        var page = get.apply("/ui/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""), "not framed by older browsers either");
        assertTrue(get.apply("/ui/app.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(get.apply("/ui/app.css").headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertEquals(404, get.apply("/ui/nothing-here.js").statusCode());
        assertEquals(404, get.apply("/ui/images/").statusCode(), "no directory listing");
    }

    @Test
    void atPhoneWidthTheOverviewShowsEveryQueueWithoutScrollingSideways() {
        String queue = declaredQueue(warren, "ui-phone-with-a-rather-long-queue-name");
        warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": 1}");
        try (Browser phone = Browser.phone()) {
            phone.open(warren, "#/");
            phone.waitForText("tr[data-queue='" + queue + "'] [data-field=ready]", "1", LIVE);
            assertEquals(375L, phone.script("return window.innerWidth"), "the page is laid out 375 px wide");
            long overflow = (Long) phone.script("return document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow <= 0, "the overview is " + overflow + " px wider than the screen");
            assertTrue((Boolean) phone.script("return [...document.querySelectorAll('main *')]"
                    + ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)"), "nothing sticks out of the screen");
            phone.screenshot("overview-phone");
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void whenTheBrokerIsDownABannerSaysWarrenIsNotReadyAndWhy() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (RunningWarren own = RunningWarren.start(java.util.Map.of(
                "warren.rabbitmq.uri", "amqp://guest:guest@localhost:" + closed,
                "warren.rabbitmq.management-uri", "http://guest:guest@localhost:" + closed));
             Browser browser = Browser.desktop()) {
            browser.open(own, "#/");
            browser.waitForText("#banner", "warren is not ready", LIVE);
            browser.waitForText("#banner", "RabbitMQ does not answer", LIVE);
            browser.screenshot("broker-down");
        }
    }

    @Test
    void whenWarrenStopsAnsweringABannerSaysSoInsteadOfABlankPage() throws Exception {
        RunningWarren own = RunningWarren.start();
        try (Browser browser = Browser.desktop()) {
            browser.open(own, "#/");
            browser.waitForElement("#overview", LIVE);
            assertTrue(browser.findAll("#banner").stream().noneMatch(banner -> banner.isDisplayed()), "no banner while it answers");
            own.close();
            browser.waitForText("#banner", "warren is unreachable", LIVE);
            assertTrue(browser.find("#overview").isDisplayed(), "the last overview stays on the page");
            browser.screenshot("unreachable");
        } finally {
            own.close();
        }
    }

    @Test
    void whenWarrenIsBackAfterARestartEachPageShowsItsDataAgainWithoutTheError() throws Exception {
        RunningWarren own = RunningWarren.start();
        String queue = declaredQueue(own, "ui-restart");
        String id = own.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": {\"n\": 1}}").text("id");
        try (Browser jobPage = Browser.desktop(); Browser jobsPage = Browser.desktop()) {
            jobPage.open(own, "#/jobs/" + id);
            jobPage.waitForText("#job [data-field=status]", "queued", LIVE);
            jobsPage.open(own, "#/jobs?queue=" + queue);
            jobsPage.waitForElement("#jobs tr[data-job='" + id + "']", LIVE);
            own = own.restart(() -> {
                jobPage.waitForText("#banner", "warren is unreachable", LIVE);
                jobPage.waitForText("#job-message", "warren did not answer", LIVE);
                assertTrue(jobPage.find("#job [data-field=status]").isDisplayed(), "the job stays on its page");
                jobsPage.waitForText("#jobs-message", "warren did not answer", LIVE);
            });
            for (Browser browser : List.of(jobPage, jobsPage)) {
                browser.waitFor("the banner to go", Duration.ofSeconds(30),
                        () -> browser.findAll("#banner").stream().noneMatch(banner -> banner.isDisplayed()));
            }
            jobPage.waitFor("the job without the error", LIVE, () -> jobPage.text("#job-message").isEmpty()
                    && jobPage.text("#job [data-field=status]").equals("queued"));
            jobsPage.waitFor("the list without the error", LIVE, () -> jobsPage.text("#jobs-message").isEmpty()
                    && !jobsPage.findAll("#jobs tr[data-job='" + id + "']").isEmpty());
        } finally {
            own.close();
            warren.http.delete("/api/queues/" + queue);
        }
    }
}
