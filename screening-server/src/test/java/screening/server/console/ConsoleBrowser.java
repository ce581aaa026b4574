package screening.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import screening.server.json.Json;

/**
 * Headless Chromium driven by Selenium for the console tests: Debian's {@code chromium} and
 * {@code chromium-driver} (paths overridable with {@code -Dconsole.chromium=} and
 * {@code -Dconsole.chromedriver=}), a 1280-pixel-wide window, waits, screenshots into
 * {@code target/console-screenshots/}, axe-core injected from its WebJar, and the browser's
 * console log (where a Content-Security-Policy violation would show). Not thread-safe: one test
 * thread drives it.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final int WIDTH = 1280;
    static final int HEIGHT = 900;
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final String axeSource;

    private ConsoleBrowser(ChromeDriver driver, String axeSource) {
        this.driver = driver;
        this.axeSource = axeSource;
    }

    /**
     * Starts the browser, or fails (never skips) with how to install it: CI installs it, and a
     * suite that skipped silently would prove nothing.
     */
    static ConsoleBrowser start() throws IOException {
        Path chromium = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            fail("The console's browser tests need Chromium and its driver at " + chromium + " and " + chromedriver
                    + ": install Debian's packages (apt-get install chromium chromium-driver, as .ci/run does),"
                    + " or give their paths with -Dconsole.chromium= and -Dconsole.chromedriver=");
        }
        String axe;
        try (InputStream in = ConsoleBrowser.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new AssertionError("axe-core is not on the test classpath at " + AXE);
            }
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Selenium's CDP bindings lag Chromium's versions; the suite uses none of them but one
        // Emulation command, which needs no binding, so the version warning is noise
        java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-GB", "--force-device-scale-factor=1",
                "--no-first-run", "--hide-scrollbars", "--disable-extensions", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .withEnvironment(Map.of("LANG", "en_GB.UTF-8", "LANGUAGE", "en_GB")).build();
        Files.createDirectories(SCREENSHOTS);
        return new ConsoleBrowser(new ChromeDriver(service, options), axe);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement waitFor(By by) {
        return until("visible: " + by, ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        until("text \"" + text + "\" in " + by, ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        until(what, d -> condition.getAsBoolean());
    }

    /** Waits for {@code condition}; on a timeout, keeps a screenshot and the page's text for the report. */
    private <T> T until(String what, java.util.function.Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                Files.write(SCREENSHOTS.resolve("failed-wait.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException ignored) {
                // the timeout below is what matters
            }
            String page = driver.findElement(By.tagName("body")).getText();
            throw new org.openqa.selenium.TimeoutException(what + "; the page read: " + page, e);
        }
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Clears the field and types {@code text} into it. */
    void type(By by, String text) {
        WebElement e = waitFor(by);
        e.clear();
        e.sendKeys(text);
    }

    void click(By by) {
        until("clickable: " + by, ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Signs in on the sign-in page as {@code token} and waits for the signed-in header. */
    void signIn(String consoleUrl, String token) {
        driver.manage().deleteAllCookies();
        open(consoleUrl);
        type(By.name("token"), token);
        click(By.id("sign-in-button"));
        waitFor(By.id("account"));
    }

    /**
     * Loads the page afresh at a hash route and waits for its heading. The reload matters: a
     * change of hash alone keeps the page's state (its last search, say) from before.
     */
    void go(String consoleUrl, String route, String heading) {
        open(consoleUrl + "#" + route);
        driver.navigate().refresh();
        waitForText(By.cssSelector("main h1"), heading);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Runs {@code fetch(path, init)} in the page, with the page's cookie, and gives back
     * {@code {"status":N,"body":"..."}}.
     */
    JsonNode fetch(String path, Map<String, Object> init) throws IOException {
        Object r = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], arguments[1]).then(async (r) => done(JSON.stringify({status: r.status, body: await r.text()})))"
                        + ".catch((e) => done(JSON.stringify({status: -1, body: String(e)})));",
                path, init);
        return Json.MAPPER.readTree((String) r);
    }

    /**
     * Takes a screenshot of the whole page at 1280 pixels wide (the window is grown to the page's
     * height for the shot, then put back) into {@code target/console-screenshots/NAME.png}.
     */
    Path screenshot(String name) throws IOException {
        Number h = (Number) script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, h.intValue() + 140)));
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path f = SCREENSHOTS.resolve(name + ".png");
            Files.write(f, png);
            return f;
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /**
     * The serious and critical violations axe-core finds on the page as it is now, one line each
     * ({@code rule: target ...}); empty when there are none.
     */
    List<String> seriousViolations() throws IOException {
        if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object';"))) {
            script(axeSource);
        }
        Object r = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then((res) => done(JSON.stringify(res.violations)))"
                        + ".catch((e) => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));");
        List<String> out = new ArrayList<>();
        for (JsonNode v : Json.MAPPER.readTree((String) r)) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> targets = new ArrayList<>();
                for (JsonNode n : v.path("nodes")) {
                    targets.add(n.path("target").toString());
                }
                out.add(v.path("id").asText() + " (" + impact + "): " + v.path("help").asText() + " " + targets);
            }
        }
        return out;
    }

    /** Asserts axe-core finds no serious or critical violation on the page now showing. */
    void assertAccessible(String page) throws IOException {
        assertThat(seriousViolations()).as("axe-core serious or critical violations on " + page).isEmpty();
    }

    /** The browser console's messages since the last call (CSP violations show here). */
    List<String> consoleMessages() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            out.add(e.getLevel() + " " + e.getMessage());
        }
        return out;
    }

    /** The window's width in CSS pixels and the page's scroll width: equal when nothing overflows sideways. */
    int[] widths() {
        Number client = (Number) script("return document.documentElement.clientWidth;");
        Number scroll = (Number) script("return document.documentElement.scrollWidth;");
        return new int[] {client.intValue(), scroll.intValue()};
    }

    WebDriver.Window window() {
        return driver.manage().window();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
