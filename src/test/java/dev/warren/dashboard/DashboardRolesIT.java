package dev.warren.dashboard;

import dev.warren.support.Http;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard with keys of each role, in a real browser: what each may do, the audit log, and a bad key. */
class DashboardRolesIT extends DashboardPerClass {

    @Test
    void aBadKeyIsRefusedWithAClearMessage() {
        browser.showSignIn(warren, "#/");
        browser.signIn("wrn_not-a-key-warren-knows-0123456789abcdefghijklmn");
        browser.waitForText("#signin-message", "warren does not know this key", LIVE);
        assertTrue(browser.findAll("#who-role").isEmpty(), "not signed in");
        browser.screenshot("sign-in-refused");
    }

    @Test
    void aViewerSeesEveryPageButNoEnabledActionButton() {
        String queue = declaredQueue(warren, "ui-viewer");
        String cancelled = cancelledJob(queue);
        try {
            browser.open(warren, "#/queues/" + queue, newKey(warren, "viewer"));
            browser.waitForText("#who-role", "viewer", LIVE);
            browser.waitForElement("#purge", LIVE);
            assertTrue(browser.findAll("#publish").isEmpty(), "no publish form for a viewer");
            assertNoEnabledAction();
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs/" + cancelled);
            browser.waitForElement("#retry-job", LIVE);
            assertNoEnabledAction();
            browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/jobs");
            browser.waitForElement("#retry-shown", LIVE);
            assertNoEnabledAction();
            assertFalse(browser.find("#nav-audit").isDisplayed(), "no audit log link for a viewer");
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void aPublisherMayPublishButNotPurge() {
        String queue = declaredQueue(warren, "ui-publisher");
        try {
            browser.open(warren, "#/queues/" + queue, newKey(warren, "publisher"));
            browser.waitForText("#who-role", "publisher", LIVE);
            WebElement purge = browser.waitForElement("#purge", LIVE);
            assertFalse(purge.isEnabled(), "purge is disabled for a publisher");
            assertTrue(purge.getAttribute("title").contains("needs operator"), purge.getAttribute("title"));
            browser.find("#task-payload").clear();
            browser.find("#task-payload").sendKeys("{\"from\": \"publisher\"}");
            assertTrue(browser.find("#publish").isEnabled());
            browser.find("#publish").click();
            browser.waitForText("#publish-result", "Published job", LIVE);
            browser.waitForText("#queue-counts [data-field=ready]", "1", LIVE);
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void theAuditPageShowsAnAdminWhatAnOperatorDid() {
        String queue = declaredQueue(warren, "ui-audit");
        String operator = newKey(warren, "operator");
        try {
            browser.open(warren, "#/queues/" + queue, operator);
            browser.waitForElement("#purge", LIVE).click();
            browser.waitForElement("#confirm-yes", LIVE).click();
            browser.waitForText("#queue-message", "Purged", LIVE);
            assertFalse(browser.find("#nav-audit").isDisplayed(), "no audit log link for an operator");

            browser.open(warren, "#/");
            browser.waitForElement("#nav-audit", LIVE).click();
            browser.waitFor("the operator's purge in the audit log", LIVE, () -> browser.findAll("#audit tr").stream()
                    .anyMatch(row -> row.getText().contains("POST /api/queues/" + queue + "/purge")
                            && row.getText().contains("test operator")));
            browser.screenshot("audit");

            String longName = queue + "-" + "Z".repeat(3800);
            warren.http.withoutKey().post("/api/queues/" + longName + "/purge");
            browser.waitFor("the long request in the audit log", LIVE, () -> browser.findAll("#audit tr").stream()
                    .anyMatch(row -> row.getText().contains(queue + "-ZZZ")));
            Number tallest = (Number) browser.script("return Math.max(...[...document.querySelectorAll('#audit tr')]"
                    + ".map(row => row.getBoundingClientRect().height))");
            assertTrue(tallest.doubleValue() < 150, "a long path takes a few lines, not a screen: " + tallest + " px");
        } finally {
            warren.http.delete("/api/queues/" + queue);
        }
    }

    @Test
    void aKeyNameIsIsolatedAndAKeyRevokedWhileTheTabWasAwayIsSaidSoOnReload() {
        // U+202E (right-to-left override) in a name must not turn the role shown after it around
        Http.Response created = warren.http.post("/api/keys", Http.json(Map.of("name", "\u202Erotarepo", "role", "viewer")));
        assertEquals(201, created.status(), created.body());
        browser.open(warren, "#/", created.text("key"));
        browser.waitForText("#who-role", "viewer", LIVE);
        assertEquals("\u202Erotarepo", browser.script("return document.querySelector('#who-role bdi').textContent"));

        // the tab leaves the dashboard (same site, so it keeps its key), the key is revoked, the tab comes back
        browser.driver.get("http://localhost:" + warren.port + "/ui/app.css");
        assertEquals(204, warren.http.delete("/api/keys/" + created.text("id")).status());
        browser.driver.get("http://localhost:" + warren.port + "/ui/#/");
        browser.waitForText("#signin-message", "did not accept your API key", LIVE);
    }

    /** A job cancelled while queued: its page offers Retry job. */
    private static String cancelledJob(String queue) {
        String id = warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": {\"n\": 1}}").text("id");
        assertEquals(200, warren.http.post("/api/jobs/" + id + "/cancel").status());
        return id;
    }

    /** No button in the page's main part is enabled, except paging and the forms that only read. */
    private static void assertNoEnabledAction() {
        List<String> enabled = browser.findAll("main button").stream()
                .filter(WebElement::isEnabled)
                .filter(button -> !List.of("newer", "older", "audit-newer", "audit-older").contains(button.getAttribute("id")))
                .filter(button -> !button.getText().matches("Filter|Open job|Older →|← Newer"))
                .map(button -> button.getAttribute("id") + " " + button.getText()).toList();
        assertEquals(List.of(), enabled, "buttons a viewer could press");
    }
}
