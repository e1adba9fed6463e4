package dev.warren.dashboard;

import dev.warren.support.Browser;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** Browser tests of the dashboard: one warren and one desktop-sized headless browser for the class. */
abstract class DashboardPerClass extends WarrenPerClass {

    /** How long a live page may take to show a change: it refreshes every second. */
    static final Duration LIVE = Duration.ofSeconds(10);

    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.desktop();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
