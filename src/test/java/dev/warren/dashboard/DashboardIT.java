package dev.warren.dashboard;

import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator does in the dashboard, in a real browser: publish, start workers, watch jobs finish, scale, see
 * failures reach the dead letters, replay them, cancel a queued job. Every check reads what the page shows.
 */
class DashboardIT extends DashboardPerClass {

    @Test
    void anOperatorRunsAQueueFromTheDashboard() {
        String queue = declaredQueue(warren, "ui-walk");
        try (TargetServer target = TargetServer.start()) {
            browser.open(warren, "#/");
            String row = "tr[data-queue='" + queue + "']";
            browser.waitForElement(row, LIVE);

            // the queue's page: start a worker group to the test target
            browser.find(row + " a").click();
            browser.waitForText("#queue-name", queue, LIVE);
            browser.waitForElement("#create-group", LIVE);
            browser.waitFor("the http worker type in the list", LIVE,
                    () -> !browser.findAll("#group-type option[value='http']").isEmpty());
            new Select(browser.find("#group-type")).selectByValue("http");
            setValue("#group-count", "1");
            setValue("#group-url", target.url());
            browser.find("#create-group button[type=submit]").click();
            browser.waitForText("#worker-group [data-field=running]", "1 running of 1", LIVE);

            // publish through the page and watch the job finish without reloading
            String jobId = publishFromPage("{\"order\": 1}");
            browser.find("#publish-result a").click();
            browser.waitForText("#job-id", jobId, LIVE);
            browser.waitForText("#job [data-field=status]", "finished", LIVE);
            browser.waitForText("#attempts", "HTTP 200", LIVE);
            assertTrue(browser.text("#payload").contains("\"order\": 1"), browser.text("#payload"));
            assertEquals(1, target.requests().size(), "the target got the task once");
            browser.screenshot("job");

            // scale from the page: the consumer count changes on the queue page and on the overview
            openQueue(queue);
            browser.waitForElement("#scale-form", LIVE);
            setValue("#scale-count", "3");
            browser.find("#scale").click();
            browser.waitForText("#worker-group [data-field=running]", "3 running of 3", LIVE);
            browser.waitForText("#queue-counts [data-field=consumers]", "3 of 3", LIVE);
            browser.waitForText("#queue-settings", "Delivery limit", LIVE);
            browser.screenshot("queue");
            assertEquals(Boolean.TRUE, browser.script("return [...document.querySelectorAll('main input, main select, main textarea')]"
                    + ".every(e => e.labels.length > 0 || e.hasAttribute('aria-label'))"), "every field of the queue page has a label");

            // a failing target: the tasks reach the dead-letter list
            target.behave(request -> Answer.status(400));
            String failedA = publishFromPage("{\"order\": 2}");
            String failedB = publishFromPage("{\"order\": 3}");
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/queues/" + queue + "/dead-letters");
            browser.waitFor("both failed jobs in the dead-letter list", Duration.ofSeconds(20), () ->
                    !browser.findAll("tr[data-job='" + failedA + "']").isEmpty()
                            && !browser.findAll("tr[data-job='" + failedB + "']").isEmpty());
            browser.waitForText("tr[data-job='" + failedA + "'] [data-field=reason]", "400", LIVE);
            browser.waitForText("#dead-count", "2 messages", LIVE);
            browser.screenshot("dead-letters");

            // the target is fixed: replay them all from the page
            target.behave(request -> Answer.ok());
            browser.find("#replay-all").click();
            browser.waitForElement("dialog#confirm", LIVE);
            assertTrue(browser.text("#confirm-text").contains(queue), browser.text("#confirm-text"));
            browser.find("#confirm-yes").click();
            browser.waitForText("#dead-message", "Replayed 2 dead letters", LIVE);
            browser.waitForText("#dead-letters", "No dead letters", LIVE);
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs/" + failedA);
            browser.waitForText("#job [data-field=status]", "finished", LIVE);

            // the overview's chart counts what this warren published, delivered and dead-lettered
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/");
            browser.waitFor("the rates of " + queue + " on the overview", Duration.ofSeconds(15), () -> browser
                    .find(row + " svg.chart").getAttribute("aria-label").matches(".*: [0-9]+ published, 3 succeeded, 2 failed"));
            browser.screenshot("overview");

            // a queued job is cancelled from its page while the workers are paused
            openQueue(queue);
            browser.waitForElement("#pause-group", LIVE).click();
            browser.waitForText("#worker-group [data-field=state]", "paused", LIVE);
            String queued = publishFromPage("{\"order\": 4}");
            browser.find("#publish-result a").click();
            browser.waitForText("#job-id", queued, LIVE);
            browser.waitForText("#job [data-field=status]", "queued", LIVE);
            browser.waitForElement("#cancel-job", LIVE).click();
            browser.waitForText("#job [data-field=status]", "cancelled", LIVE);
            browser.waitForElement("#retry-job", LIVE);
            assertTrue(target.requests().stream().noneMatch(request -> request.body().contains("\"order\":4")
                    || request.body().contains("\"order\": 4")), "the cancelled job was never delivered");

            // the jobs list finds them by queue and status
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs?queue=" + queue + "&status=cancelled");
            browser.waitFor("the cancelled job in the filtered list", LIVE,
                    () -> browser.findAll("#jobs tr[data-job]").size() == 1
                            && !browser.findAll("#jobs tr[data-job='" + queued + "']").isEmpty());
            browser.screenshot("jobs");
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void anOperatorFindsAJobByAPayloadValueAndRetriesTheFailedOnesAfterFixingTheTarget() {
        String queue = declaredQueue(warren, "ui-search");
        try (TargetServer target = TargetServer.start()) {
            target.behave(request -> request.attempt() == 1 ? Answer.status(503).withHeader("Retry-After", "1") : Answer.status(400));
            assertEquals(200, warren.http.put("/api/queues/" + queue + "/workers", Http.json(Map.of("count", 1, "type", "http",
                    "target", Map.of("url", target.url()), "retry", Map.of("maxAttempts", 2, "backoffMs", 10)))).status());
            List<String> failed = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                failed.add(warren.http.post("/api/queues/" + queue + "/tasks",
                        "{\"payload\": {\"customer\": \"Customer-" + i + "-of-ui-search\", \"amount\": 12345678901234567891}}")
                        .text("id"));
            }

            // find one job by a value inside its payload, from the page, and open it
            browser.open(warren, "#/jobs?queue=" + queue);
            setValue("#filter-q", "customer-1-OF-ui");
            browser.find("#apply-filters").click();
            browser.waitFor("only the job whose payload holds the value", LIVE,
                    () -> browser.findAll("#jobs tr[data-job]").size() == 1
                            && !browser.findAll("#jobs tr[data-job='" + failed.get(1) + "']").isEmpty());
            browser.screenshot("jobs-search");
            browser.find("#jobs tr[data-job='" + failed.get(1) + "'] a").click();
            browser.waitForText("#job-id", failed.get(1), LIVE);
            assertTrue(browser.text("#payload").contains("Customer-1-of-ui-search"), browser.text("#payload"));
            // as published, not as a JavaScript number (12345678901234567000)
            assertTrue(browser.text("#payload").contains("12345678901234567891"), browser.text("#payload"));
            // its first attempt got a 503 with Retry-After: 1, shown on the timeline
            browser.waitForText("#attempts", "Retry-After 1", Duration.ofSeconds(20));

            // all three fail; the target is fixed; the failed jobs shown are retried with one click
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs?queue=" + queue + "&status=failed");
            browser.waitFor("the three failed jobs listed", Duration.ofSeconds(20),
                    () -> browser.findAll("#jobs tr[data-job]").size() == 3);
            // each had two attempts (the 503, then the 400), and the list says so
            for (String id : failed) {
                String cell = "#jobs tr[data-job='" + id + "'] [data-field=attempts]";
                browser.waitFor("exactly 2 in " + cell, LIVE, () -> browser.text(cell).equals("2"));
            }
            target.behave(request -> Answer.ok());
            browser.find("#retry-shown").click();
            browser.waitForElement("#confirm-yes", LIVE).click();
            browser.waitForText("#jobs-message", "Queued 3 jobs again", LIVE);
            browser.waitForText("#jobs", "No jobs match", LIVE);
            for (String id : failed) {
                browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs/" + id);
                browser.waitForText("#job [data-field=status]", "finished", LIVE);
            }
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void purgeAsksFirstNamingTheQueueAndItsCount() {
        String queue = declaredQueue(warren, "ui-purge");
        for (int i = 0; i < 3; i++) {
            warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": " + i + "}");
        }
        browser.open(warren, "#/queues/" + queue);
        browser.waitForText("#queue-counts [data-field=ready]", "3", LIVE);
        browser.find("#purge").click();
        browser.waitForElement("dialog#confirm", LIVE);
        String question = browser.text("#confirm-text");
        assertTrue(question.contains(queue) && question.contains("3 ready messages"), question);
        browser.find("#confirm-no").click();
        browser.waitFor("the dialog to close", LIVE, () -> browser.findAll("dialog#confirm").isEmpty());
        assertEquals("3", browser.text("#queue-counts [data-field=ready]"), "nothing purged after Cancel");

        browser.find("#purge").click();
        browser.waitForElement("#confirm-yes", LIVE).click();
        browser.waitForText("#queue-message", "Purged 3 messages", LIVE);
        browser.waitForText("#queue-counts [data-field=ready]", "0", LIVE);
        warren.http.delete("/api/queues/" + queue);
    }

    @Test
    void theOtherPagesListTopicsExchangesAndWorkerTypes() {
        warren.http.put("/api/topics/ui-topic", "");
        warren.http.post("/api/topics/ui-topic/subscribers", "{\"id\": \"audit\"}");
        browser.open(warren, "#/topics");
        browser.waitForText("section[data-topic='ui-topic']", "ui-topic.audit", LIVE);

        browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/exchanges");
        WebElement exchange = browser.waitForElement("details[data-exchange='ui-topic']", LIVE);
        exchange.findElement(By.tagName("summary")).click();
        browser.waitForText("details[data-exchange='ui-topic']", "ui-topic.audit", LIVE);

        browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/worker-types");
        browser.waitForElement("#worker-types tr[data-type='http']", LIVE);
        assertFalse(browser.find("#nav-kafka").isDisplayed(), "no Kafka link: this warren has no Kafka");
        warren.http.delete("/api/topics/ui-topic");
    }

    @Test
    void schedulesArePausedResumedRunAndDeletedFromTheirPage() {
        String queue = declaredQueue(warren, "ui-sched");
        String name = "ui-nightly-" + System.nanoTime();
        try {
            Http.Response created = warren.http.put("/api/schedules/" + name, Http.json(Map.of("cron", "0 0 3 * * ?",
                    "timeZone", "Europe/Paris", "queue", queue, "payload", Map.of("report", "nightly"))));
            assertEquals(201, created.status(), created.body());
            browser.open(warren, "#/schedules");
            String row = "tr[data-schedule='" + name + "']";
            browser.waitForText(row + " [data-field=state]", "active", LIVE);
            assertTrue(browser.text(row).contains("0 0 3 * * ? (Europe/Paris)"), browser.text(row));

            browser.find(row + " button[data-action=pause]").click();
            browser.waitForText(row + " [data-field=state]", "paused", LIVE);
            browser.waitForText(row + " [data-field=next]", "—", LIVE);
            assertEquals("paused", warren.http.get("/api/schedules/" + name).json().path("state").asText());

            browser.find(row + " button[data-action=resume]").click();
            browser.waitForText(row + " [data-field=state]", "active", LIVE);

            browser.find(row + " button[data-action=run]").click();
            browser.waitForText(row + " [data-field=runs]", "1", LIVE);
            browser.waitFor("the run's task on the queue", LIVE, () -> broker.ready(queue) == 1);

            browser.find(row + " button[data-action=delete]").click();
            browser.waitForElement("#confirm-yes", LIVE).click();
            browser.waitFor("the row to go", LIVE, () -> browser.findAll(row).isEmpty());
            assertEquals(404, warren.http.get("/api/schedules/" + name).status(), "deleted");
        } finally {
            warren.http.delete("/api/schedules/" + name);
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void thePublishFormSendsThePayloadAsTypedAndAnEmptyConsumerCountIsRefused() {
        String queue = declaredQueue(warren, "ui-exact");
        try (TargetServer target = TargetServer.start()) {
            browser.open(warren, "#/queues/" + queue);
            browser.waitForText("#queue-name", queue, LIVE);
            String id = publishFromPage("{\"big\": 12345678901234567891, \"dec\": 1.50}");
            String payload = warren.http.get("/api/jobs/" + id).body();
            // as typed, not as JavaScript holds the numbers (12345678901234567000, 1.5)
            assertTrue(payload.contains("12345678901234567891") && payload.contains("1.50"), payload);

            // an empty Consumers field is not 0: neither a new group nor a scale is sent
            browser.waitForElement("#create-group", LIVE);
            browser.find("#group-count").clear();
            browser.find("#create-group button[type=submit]").click();
            browser.waitForText("#queue-message", "Say how many consumers", LIVE);
            assertEquals(404, warren.http.get("/api/queues/" + queue + "/workers").status(), "no group was started");
            setValue("#group-count", "2");
            setValue("#group-url", target.url());
            browser.find("#create-group button[type=submit]").click();
            browser.waitForText("#worker-group [data-field=running]", "2 running of 2", LIVE);
            browser.find("#scale-count").clear();
            browser.find("#scale").click();
            browser.waitForText("#queue-message", "Say how many consumers", LIVE);
            assertEquals(2, warren.http.get("/api/queues/" + queue + "/workers").json().path("count").asInt(), "not scaled to 0");

            // a blank job id opens no page
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs");
            setValue("#find-id", "   ");
            browser.find("#find-job button[type=submit]").click();
            browser.waitForText("#jobs-message", "Type the id of the job", LIVE);
            assertTrue(browser.driver.getCurrentUrl().endsWith("#/jobs"), browser.driver.getCurrentUrl());

            // an address decodeURIComponent refuses is not a blank page
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/queues/a%zz");
            browser.waitForText("main", "not a valid dashboard address", LIVE);
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    private static void openQueue(String queue) {
        browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/queues/" + queue);
        browser.waitForText("#queue-name", queue, LIVE);
    }

    private static void setValue(String css, String value) {
        WebElement input = browser.find(css);
        input.clear();
        input.sendKeys(value);
    }

    /** Publishes from the queue page's form and returns the job id the page shows. */
    private static String publishFromPage(String payload) {
        browser.waitForElement("#publish-form", LIVE);
        browser.script("document.getElementById('publish-result').textContent = ''");
        setValue("#task-payload", payload);
        browser.find("#publish").click();
        browser.waitForText("#publish-result", "Published job", LIVE);
        List<WebElement> links = browser.findAll("#publish-result a");
        return links.get(0).getText();
    }
}
