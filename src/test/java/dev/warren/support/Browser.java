package dev.warren.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A headless Debian Chromium driven through /usr/bin/chromedriver for the dashboard's browser tests: a fresh profile
 * each time, nothing downloaded (no Selenium Manager), and waits that fail with what the page showed.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Set (-Dwarren.screenshots=true) to rewrite docs/images/ from the browser tests. */
    public static final boolean SCREENSHOTS = Boolean.getBoolean("warren.screenshots");
    /** The admin key of the test warren. */
    public static final String ADMIN_KEY = RunningWarren.ADMIN_KEY;

    public final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(int width, int height, boolean phone) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The dashboard's browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "); .ci/run installs them, or: apt-get install -y chromium chromium-driver");
        }
        // Selenium Manager would otherwise look for drivers and browsers on the internet
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        try {
            profile = Files.createTempDirectory("warren-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (phone) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 1.0, "touch", true)));
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withSilent(true).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** A desktop-sized browser (1280 px wide). */
    public static Browser desktop() {
        return new Browser(1280, 900, false);
    }

    /** A phone-sized browser (375 px wide, as a phone reports itself). */
    public static Browser phone() {
        return new Browser(375, 812, true);
    }

    /** Opens the dashboard of this warren at a page (a hash route such as "#/jobs"), signed in with the admin key. */
    public void open(RunningWarren warren, String page) {
        open(warren, page, ADMIN_KEY);
    }

    /** Opens the dashboard at a page signed in with this key: the tab forgets any earlier key, so the sign-in shows. */
    public void open(RunningWarren warren, String page, String key) {
        showSignIn(warren, page);
        signIn(key);
        waitFor("the dashboard after signing in", Duration.ofSeconds(10),
                () -> !driver.findElements(By.cssSelector("#who-role")).isEmpty());
    }

    /** Opens the dashboard at a page with no key in the tab, and waits for its sign-in form. */
    public void showSignIn(RunningWarren warren, String page) {
        driver.get("http://localhost:" + warren.port + "/ui/" + page);
        script("sessionStorage.clear()");
        driver.navigate().refresh();
        waitForElement("#signin", Duration.ofSeconds(20));
    }

    /** Fills the sign-in form with a key and sends it. */
    public void signIn(String key) {
        WebElement input = driver.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    }

    /** Waits until the condition holds (exceptions count as not yet), failing with the page's text otherwise. */
    public void waitFor(String what, Duration within, Supplier<Boolean> condition) {
        try {
            new WebDriverWait(driver, within, Duration.ofMillis(100)).ignoring(WebDriverException.class)
                    .until(d -> Boolean.TRUE.equals(condition.get()));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("Timed out after " + within.toSeconds() + " s waiting for " + what + "; the page shows:\n" + pageText());
        }
    }

    /** Waits until an element matching the selector is shown, and returns it. */
    public WebElement waitForElement(String css, Duration within) {
        waitFor(css, within, () -> driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed));
        return driver.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElseThrow();
    }

    /** Waits until the element's text contains the expected text. */
    public void waitForText(String css, String expected, Duration within) {
        waitFor("'" + expected + "' in " + css, within, () -> driver.findElement(By.cssSelector(css)).getText().contains(expected));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    public String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (WebDriverException e) {
            return "(no page: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /** Saves a screenshot as docs/images/{name}.png when -Dwarren.screenshots=true. */
    public void screenshot(String name) {
        if (!SCREENSHOTS) {
            return;
        }
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = Path.of("docs/images", name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary profile harms nothing
            }
        }
    }
}
