package screening.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import screening.server.AdminTestFilter;
import screening.server.json.Json;
import screening.server.time.ManualTimeSource;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the real filter on ephemeral ports, its query port asked over
 * real HTTP. Every page is checked with axe-core and photographed into
 * {@code target/console-screenshots/}. One browser and one filter serve the whole class; each test
 * signs in afresh. The order only decides which screenshots show which data; no test needs another
 * to have run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    private static final String SECURITY = AdminTestFilter.SECURITY_TOKEN;
    private static final String AUDITOR = AdminTestFilter.AUDITOR_TOKEN;
    private static final Map<String, Object> HEADER = Map.of("X-Screening-Console", "1", "Content-Type", "application/json");

    private Path dir;
    private AdminTestFilter filter;
    private ConsoleBrowser browser;
    private String console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startFilterAndBrowser(@TempDir Path tmp) throws Exception {
        dir = tmp;
        browser = ConsoleBrowser.start();
        filter = AdminTestFilter.start(dir);
        console = filter.uri("/console/").toString();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (filter != null) {
            filter.close();
        }
    }

    @BeforeEach
    void freshWindow() {
        browser.window().setSize(new org.openqa.selenium.Dimension(ConsoleBrowser.WIDTH, ConsoleBrowser.HEIGHT));
        browser.consoleMessages();
    }

    @Test
    @Order(1)
    void signIn_wrongThenRightToken_showsErrorThenWhoAndRole() throws Exception {
        browser.driver.manage().deleteAllCookies();
        browser.open(console);
        browser.waitFor(By.name("token"));
        browser.assertAccessible("sign-in");
        browser.screenshot("sign-in");

        browser.type(By.name("token"), "not-a-token-0000");
        browser.click(By.id("sign-in-button"));
        WebElement summary = browser.waitFor(By.cssSelector(".error-summary"));
        assertThat(summary.getText()).contains("did not accept this token");
        assertThat(browser.all(By.id("account")).get(0).isDisplayed()).isFalse();
        browser.assertAccessible("sign-in with an error");
        browser.screenshot("sign-in-error");

        browser.type(By.name("token"), SECURITY);
        browser.click(By.id("sign-in-button"));
        browser.waitForText(By.id("account-who"), "spoc-hull");
        assertThat(browser.waitFor(By.id("account-who")).getText()).contains("security");
        browser.waitForText(By.cssSelector("main h1"), "Blocks");
        assertThat(browser.driver.manage().getCookieNamed("screening_session")).isNotNull();
        assertThat(browser.driver.manage().getCookieNamed("screening_session").isHttpOnly()).isTrue();
    }

    @Test
    @Order(2)
    void signIn_keyboardOnly_reachesAddBlock() {
        browser.driver.manage().deleteAllCookies();
        browser.open(console);
        browser.waitFor(By.name("token"));
        // the sign-in page puts the focus on the token field; Enter submits the form
        browser.waitUntil("focus on the token field", () -> "token".equals(active().getAttribute("name")));
        new Actions(browser.driver).sendKeys(SECURITY).sendKeys(Keys.ENTER).perform();
        browser.waitForText(By.cssSelector("main h1"), "Blocks");
        for (int i = 0; i < 30 && !"add-block-link".equals(active().getAttribute("id")); i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        }
        assertThat(active().getAttribute("id")).as("Tab reaches the Add a block link").isEqualTo("add-block-link");
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.waitForText(By.cssSelector("main h1"), "Add a block");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/blocks/add");
    }

    @Test
    @Order(3)
    void addBlock_eachChannel_showsCanonicalThenQueryPortDenies() throws Exception {
        browser.signIn(console, SECURITY);

        String numberId = addBlock("PHONE", "07700 900 321", "SPC/2026/0321", "+447700900321", "add-block-number");
        assertThat(screen("number", "07700900321").path("decision").asText()).isEqualTo("DENY");
        assertThat(screen("number", "+44 (0)7700 900321").path("ref").asText()).isEqualTo(numberId);

        String emailId = addBlock("EMAIL", "Jo.Bloggs+news@Example.org", "SPC/2026/0322", "jo.bloggs@example.org", "add-block-email");
        JsonNode email = screen("email", "jo.bloggs+other@example.org");
        assertThat(email.path("reason").asText()).isEqualTo("BLOCKED");
        assertThat(email.path("ref").asText()).isEqualTo(emailId);

        String addressId = addBlock("POST", "Flat 3, 12 Rose Street, Hull, ZZ1 1AA", "SPC/2026/0323",
                "Postcode ZZ1 1AA, building 12, flat or room 3", "add-block-address");
        JsonNode address = screen("address", "12 Rose St, Flat 3, Hull zz11aa");
        assertThat(address.path("reason").asText()).isEqualTo("BLOCKED");
        assertThat(address.path("ref").asText()).isEqualTo(addressId);
    }

    @Test
    @Order(4)
    void addBlock_alreadyCovered_warnsBeforeSaving() throws Exception {
        browser.signIn(console, SECURITY);
        browser.go(console, "/blocks/add", "Add a block");
        // the national register already blocks 07700 900123 (SPC-T-0001)
        fillBlock("PHONE", "07700900123", "SPC/2026/0123");
        browser.click(By.id("check-block"));
        WebElement warning = browser.waitFor(By.cssSelector(".check-panel .notice--warning"));
        assertThat(warning.getText()).contains("SPC-T-0001");
        browser.assertAccessible("add a block, already covered");
    }

    @Test
    @Order(4)
    void addBlock_endDate_refusesAnImpossibleDayThenSavesTheInstant() throws Exception {
        browser.signIn(console, SECURITY);
        browser.go(console, "/blocks/add", "Add a block");
        fillBlock("PHONE", "0113 496 0777", "SPC/2026/0777");
        browser.type(By.name("validUntil-day"), "31");
        browser.type(By.name("validUntil-month"), "2");
        browser.type(By.name("validUntil-year"), "2030");
        browser.click(By.id("check-block"));
        assertThat(browser.waitFor(By.cssSelector(".error-summary")).getText()).contains("Ends: enter a real date");
        browser.type(By.name("validUntil-day"), "31");
        browser.type(By.name("validUntil-month"), "12");
        browser.type(By.name("validUntil-time"), "17:30");
        browser.click(By.id("check-block"));
        assertThat(browser.waitFor(By.cssSelector(".check-panel")).getText()).contains("Until 31 December 2030");
        browser.click(By.id("save-block"));
        browser.waitForText(By.cssSelector(".notification__heading"), "Block saved");
        String id = browser.waitFor(By.id("saved-id")).getText();
        JsonNode saved = Json.MAPPER.readTree(filter.get("/admin/v1/entries/" + id, SECURITY).body());
        // the browser runs in this machine's time zone, as the test does
        assertThat(java.time.Instant.parse(saved.path("validUntil").asText())).isEqualTo(
                java.time.LocalDateTime.of(2030, 12, 31, 17, 30).atZone(java.time.ZoneId.systemDefault()).toInstant());
    }

    @Test
    @Order(5)
    void addBlock_missingFields_errorSummaryLinksToThem() throws Exception {
        browser.signIn(console, SECURITY);
        browser.go(console, "/blocks/add", "Add a block");
        browser.click(By.id("check-block"));
        WebElement summary = browser.waitFor(By.cssSelector(".error-summary"));
        assertThat(summary.getText()).contains("Enter the telephone number to block").contains("Enter the case reference");
        browser.assertAccessible("add a block with errors");
        browser.screenshot("add-block-errors");
        summary.findElement(By.linkText("Enter the telephone number to block")).click();
        assertThat(active().getAttribute("name")).isEqualTo("number");
    }

    @Test
    @Order(6)
    void search_number_listsEntriesOfEverySource() throws Exception {
        filter.post("/admin/v1/entries", SECURITY, "{\"id\":\"LOCAL-0123\",\"action\":\"BLOCK\",\"match\":\"EXACT\","
                + "\"number\":\"+447700900123\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\","
                + "\"reason\":\"VICTIM_REQUEST\",\"reference\":\"SPC/2026/0123\"}");
        browser.signIn(console, SECURITY);
        search("number", "07700 900123");
        WebElement results = browser.waitFor(By.cssSelector("#search-results table"));
        assertThat(results.getText()).contains("SPC-T-0001").contains("Source: national")
                .contains("LOCAL-0123").contains("This filter (local)").contains("Establishment HULL")
                .contains("SPC/2026/0123").contains("Victim request");
        // a register entry is changed at its source: only the local one can be removed here
        assertThat(browser.all(By.cssSelector("[data-remove]"))).extracting(e -> e.getAttribute("data-remove"))
                .containsExactly("LOCAL-0123");
        browser.assertAccessible("blocks with search results");
        browser.screenshot("blocks-search");

        search("number", "not a number");
        assertThat(browser.waitFor(By.cssSelector(".error-summary")).getText()).contains("does not normalise");
    }

    @Test
    @Order(7)
    void bulkImport_oneBadRow_refusedWholeThenGoodFileApplied() throws Exception {
        String header = "id,action,match,number,email,address,scope,establishment,pin,reason,reference\n";
        Path bad = dir.resolve("police-list-bad.csv");
        Files.writeString(bad, header
                + "IMP-0001,BLOCK,EXACT,07700 900401,,,ESTABLISHMENT,HULL,,VICTIM_REQUEST,SPC/2026/0401\n"
                + "IMP-0002,BLOCK,EXACT,0770O 9OO4O2,,,ESTABLISHMENT,HULL,,VICTIM_REQUEST,SPC/2026/0402\n"
                + "IMP-0003,BLOCK,EXACT,,j.doe@example.org,,ESTABLISHMENT,HULL,,VICTIM_REQUEST,SPC/2026/0403\n");
        browser.signIn(console, SECURITY);
        browser.go(console, "/blocks/import", "Import a list of blocks");
        browser.driver.findElement(By.id("import-file")).sendKeys(bad.toAbsolutePath().toString());
        browser.click(By.id("check-import"));
        WebElement summary = browser.waitFor(By.cssSelector(".error-summary"));
        assertThat(summary.getText()).contains("1 row has a problem").contains("nothing has been saved").contains("Line 3");
        assertThat(browser.all(By.id("apply-import"))).isEmpty();
        browser.assertAccessible("import with a bad row");
        browser.screenshot("import-refused");
        assertThat(filter.get("/admin/v1/entries/IMP-0001", SECURITY).statusCode()).isEqualTo(404);

        Path good = dir.resolve("police-list.csv");
        Files.writeString(good, header
                + "IMP-0001,BLOCK,EXACT,07700 900401,,,ESTABLISHMENT,HULL,,VICTIM_REQUEST,SPC/2026/0401\n"
                + "IMP-0002,BLOCK,EXACT,07700 900402,,,ESTABLISHMENT,HULL,,VICTIM_REQUEST,SPC/2026/0402\n"
                + "IMP-0003,BLOCK,EXACT,,j.doe@example.org,,ESTABLISHMENT,HULL,,VICTIM_REQUEST,SPC/2026/0403\n");
        browser.driver.findElement(By.id("import-file")).sendKeys(good.toAbsolutePath().toString());
        browser.click(By.id("check-import"));
        browser.waitForText(By.cssSelector("main h2"), "Every row is valid: 3 to import");
        assertThat(browser.waitFor(By.cssSelector("main table")).getText()).contains("+447700900402").contains("j.doe@example.org");
        browser.assertAccessible("import checked");
        browser.screenshot("import-checked");
        browser.click(By.id("apply-import"));
        browser.waitForText(By.cssSelector(".notification__heading"), "3 blocks imported: live at version");
        browser.screenshot("import-done");
        for (String id : List.of("IMP-0001", "IMP-0002", "IMP-0003")) {
            assertThat(filter.get("/admin/v1/entries/" + id, SECURITY).statusCode()).as(id).isEqualTo(200);
        }
        assertThat(screen("number", "07700900402").path("ref").asText()).isEqualTo("IMP-0002");
    }

    @Test
    @Order(8)
    void remove_withReasonAndConfirmation_auditShowsBoth() throws Exception {
        filter.post("/admin/v1/entries", SECURITY, "{\"id\":\"RM-0501\",\"action\":\"BLOCK\",\"match\":\"EXACT\","
                + "\"number\":\"01632 960501\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\","
                + "\"reason\":\"VICTIM_REQUEST\",\"reference\":\"SPC/2026/0501\"}");
        browser.signIn(console, SECURITY);
        search("number", "01632 960501");
        browser.click(By.cssSelector("[data-remove='RM-0501']"));
        browser.waitFor(By.cssSelector(".remove-panel"));
        browser.click(By.id("confirm-remove"));
        assertThat(browser.waitFor(By.cssSelector(".remove-panel .error-summary")).getText())
                .contains("Enter why the block is being removed").contains("Tick the box to confirm the removal");
        browser.assertAccessible("remove a block with errors");
        browser.type(By.name("remove-reason"), "Victim withdrew the request");
        browser.click(By.id("confirm-RM-0501"));
        browser.screenshot("remove-block");
        browser.click(By.id("confirm-remove"));
        browser.waitForText(By.cssSelector(".notification__heading"), "Block RM-0501 removed");
        assertThat(filter.get("/admin/v1/entries/RM-0501", SECURITY).statusCode()).isEqualTo(404);
        assertThat(screen("number", "01632960501").path("decision").asText()).isEqualTo("ALLOW");

        browser.go(console, "/audit", "Audit");
        browser.waitFor(By.cssSelector("#chain-state"));
        WebElement events = browser.waitFor(By.cssSelector("main table"));
        assertThat(events.getText()).contains("Block removed").contains("Entry RM-0501")
                .contains("reason: Victim withdrew the request");
        assertThat(browser.waitFor(By.id("chain-state")).getText()).contains("The audit log is intact");
        JsonNode removal = null;
        for (JsonNode e : Json.MAPPER.readTree(filter.get("/admin/v1/audit?limit=1000", SECURITY).body()).path("events")) {
            if (e.path("type").asText().equals("ENTRY_REMOVED") && e.path("entry").path("id").asText().equals("RM-0501")) {
                removal = e;
            }
        }
        assertThat(removal).as("the ENTRY_REMOVED event").isNotNull();
        assertThat(removal.path("reason").asText()).isEqualTo("Victim withdrew the request");
        assertThat(removal.path("actor").asText()).isEqualTo("spoc-hull");
        browser.assertAccessible("audit");
        browser.screenshot("audit");
    }

    @Test
    @Order(9)
    void contactAttempts_severalPins_groupedFilteredAndDownloaded() throws Exception {
        filter.post("/admin/v1/entries", SECURITY, "{\"id\":\"CA-0601\",\"action\":\"BLOCK\",\"match\":\"EXACT\","
                + "\"number\":\"020 7946 0601\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\","
                + "\"reason\":\"VICTIM_REQUEST\",\"reference\":\"SPC/2026/0601\"}");
        for (String pin : List.of("1111", "2222", "1111", "3333")) {
            assertThat(screen("number", "02079460601", pin).path("reason").asText()).isEqualTo("BLOCKED");
        }
        browser.signIn(console, SECURITY);
        browser.go(console, "/attempts", "Contact attempts");
        // the attempts reach the audit log from a queue: reload until the last one is there
        browser.waitUntil("the four attempts on SPC/2026/0601", () -> {
            browser.go(console, "/attempts", "Contact attempts");
            WebElement summary = browser.waitFor(By.cssSelector("main table"));
            return summary.getText().contains("SPC/2026/0601 3 4");
        });
        browser.assertAccessible("contact attempts");
        browser.screenshot("contact-attempts");

        browser.type(By.name("pin"), "2222");
        browser.click(By.id("apply-filters"));
        browser.waitForText(By.cssSelector("main h2:nth-of-type(2)"), "Attempts that match the filters");
        List<WebElement> tables = browser.all(By.cssSelector("main table"));
        String attempts = tables.get(tables.size() - 1).getText();
        assertThat(attempts).contains("2222").doesNotContain("1111").contains("CA-0601").contains("SPC/2026/0601");

        String href = browser.waitFor(By.id("csv-download")).getAttribute("href");
        assertThat(href).contains("pin=2222").contains("format=csv");
        JsonNode csv = browser.fetch(href, Map.of());
        assertThat(csv.path("status").asInt()).isEqualTo(200);
        assertThat(csv.path("body").asText()).contains("2222").contains("CA-0601").doesNotContain("1111")
                .doesNotContain("7946");
    }

    @Test
    @Order(10)
    void sources_page_showsEachSourceAndTheFeed() throws Exception {
        browser.signIn(console, SECURITY);
        browser.go(console, "/sources", "Sources");
        assertThat(browser.waitFor(By.id("readiness")).getText()).contains("The filter is answering");
        String text = browser.waitFor(By.cssSelector("main")).getText();
        assertThat(text).contains("national").contains("7").contains("Loaded").contains("Feed version");
        browser.assertAccessible("sources");
        browser.screenshot("sources");
    }

    @Test
    @Order(11)
    void auditor_everyPage_noControlsAndTheApiRefusesWrites() throws Exception {
        browser.signIn(console, AUDITOR);
        assertThat(browser.waitFor(By.id("account-who")).getText()).contains("auditor-1").contains("auditor");
        search("number", "07700 900123");
        browser.waitFor(By.cssSelector("#search-results table"));
        assertThat(browser.all(By.id("add-block-link"))).isEmpty();
        assertThat(browser.all(By.id("import-link"))).isEmpty();
        assertThat(browser.all(By.cssSelector("[data-remove]"))).isEmpty();
        assertThat(browser.waitFor(By.cssSelector("main .notice")).getText()).contains("auditor");
        browser.assertAccessible("blocks as an auditor");
        browser.screenshot("blocks-auditor");

        browser.go(console, "/blocks/add", "Add a block");
        assertThat(browser.all(By.id("add-block-form"))).isEmpty();
        browser.go(console, "/blocks/import", "Import a list of blocks");
        assertThat(browser.all(By.id("import-form"))).isEmpty();
        browser.go(console, "/attempts", "Contact attempts");
        browser.go(console, "/sources", "Sources");
        browser.go(console, "/audit", "Audit");
        browser.waitFor(By.id("chain-state"));
        assertThat(browser.all(By.cssSelector("main button.button--warning, main button[type=submit]"))).isEmpty();

        JsonNode post = browser.fetch("/admin/v1/entries", Map.of("method", "POST", "headers", HEADER, "body",
                "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700900701\",\"scope\":\"NATIONAL\"}"));
        assertThat(post.path("status").asInt()).isEqualTo(403);
        JsonNode delete = browser.fetch("/admin/v1/entries/IMP-0001?reason=x", Map.of("method", "DELETE", "headers", HEADER));
        assertThat(delete.path("status").asInt()).isEqualTo(403);
    }

    @Test
    @Order(12)
    void cookieOnlyWrite_withoutConsoleHeader_is403() throws Exception {
        browser.signIn(console, SECURITY);
        String body = "{\"id\":\"HDR-0801\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700900801\",\"scope\":\"NATIONAL\"}";
        JsonNode without = browser.fetch("/admin/v1/entries", Map.of("method", "POST",
                "headers", Map.of("Content-Type", "application/json"), "body", body));
        assertThat(without.path("status").asInt()).isEqualTo(403);
        assertThat(without.path("body").asText()).contains("CONSOLE_HEADER_REQUIRED");
        assertThat(filter.get("/admin/v1/entries/HDR-0801", SECURITY).statusCode()).isEqualTo(404);

        JsonNode with = browser.fetch("/admin/v1/entries", Map.of("method", "POST", "headers", HEADER, "body", body));
        assertThat(with.path("status").asInt()).isEqualTo(201);
    }

    @Test
    @Order(13)
    void everyAnswer_carriesTheCsp_andNoPageBreaksIt() throws Exception {
        List<String> paths = new ArrayList<>(List.of("/console/", "/console/session"));
        Path pages = Path.of("src/main/resources/console");
        try (Stream<Path> files = Files.list(pages)) {
            files.forEach(f -> paths.add("/console/" + f.getFileName()));
        }
        for (String p : paths) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(filter.uri(p)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(p).hasValue(CSP);
        }
        // every page, opened in the browser under that policy, logs no violation of it
        browser.signIn(console, SECURITY);
        for (String[] route : new String[][] {{"/blocks", "Blocks"}, {"/blocks/add", "Add a block"},
                {"/blocks/import", "Import a list of blocks"}, {"/attempts", "Contact attempts"},
                {"/sources", "Sources"}, {"/audit", "Audit"}}) {
            browser.go(console, route[0], route[1]);
        }
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    @Order(14)
    void pages_at200PercentZoom_nothingOverflowsSideways() throws Exception {
        browser.signIn(console, SECURITY);
        // 200 % zoom of a 1280-pixel window: 640 CSS pixels, each drawn as two
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 640, "height", 900, "deviceScaleFactor", 2, "mobile", false));
        try {
            for (String[] route : new String[][] {{"/blocks/add", "Add a block"}, {"/attempts", "Contact attempts"},
                    {"/sources", "Sources"}}) {
                browser.go(console, route[0], route[1]);
                int[] w = browser.widths();
                assertThat(w[1]).as(route[0] + " scroll width at 200 %").isLessThanOrEqualTo(w[0]);
            }
            browser.go(console, "/blocks/add", "Add a block");
            browser.screenshot("add-block-zoom-200");
        } finally {
            browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(15)
    void signOut_endsTheSession() throws Exception {
        browser.signIn(console, SECURITY);
        browser.click(By.id("sign-out"));
        browser.waitFor(By.name("token"));
        assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("You have signed out");
        JsonNode after = browser.fetch("/admin/v1/status", Map.of());
        assertThat(after.path("status").asInt()).isEqualTo(401);
    }

    @Test
    @Order(16)
    void expiredSession_nextPage_sentBackToSignIn(@TempDir Path other) throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        try (AdminTestFilter short8h = AdminTestFilter.start(
                AdminTestFilter.config(other.resolve("data"), AdminTestFilter.TOKENS, AdminTestFilter.writeRegister(other)), clock)) {
            String url = short8h.uri("/console/").toString();
            browser.signIn(url, SECURITY);
            browser.go(url, "/sources", "Sources");
            clock.advance(Duration.ofHours(8).plusMinutes(1));
            browser.click(By.cssSelector("a[data-page='audit']"));
            browser.waitFor(By.name("token"));
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Your session has ended");
            assertThat(browser.all(By.id("account")).get(0).isDisplayed()).isFalse();
            browser.screenshot("session-ended");
        }
    }

    // ---------------------------------------------------------------------------------------

    private WebElement active() {
        return browser.driver.switchTo().activeElement();
    }

    private void search(String kind, String value) {
        browser.go(console, "/blocks", "Blocks");
        browser.click(By.cssSelector("input[name='search-kind'][value='" + kind + "']"));
        browser.type(By.name("search-value"), value);
        browser.click(By.id("search-button"));
        browser.waitUntil("the search answered", () -> !browser.all(By.cssSelector("#search-results h2")).isEmpty()
                || !browser.all(By.cssSelector(".error-summary")).isEmpty());
    }

    private void fillBlock(String channel, String value, String reference) {
        browser.click(By.cssSelector("input[name='channel'][value='" + channel + "']"));
        String field = switch (channel) {
            case "PHONE" -> "number";
            case "EMAIL" -> "email";
            default -> "address";
        };
        browser.type(By.name(field), value);
        browser.click(By.cssSelector("input[name='scope'][value='ESTABLISHMENT']"));
        browser.type(By.name("establishment"), "HULL");
        browser.type(By.name("reference"), reference);
    }

    /** Adds one block through the form; checks the canonical form shown; returns the saved id. */
    private String addBlock(String channel, String value, String reference, String canonical, String shot) throws Exception {
        browser.go(console, "/blocks/add", "Add a block");
        fillBlock(channel, value, reference);
        browser.click(By.id("check-block"));
        assertThat(browser.waitFor(By.id("canonical")).getText()).isEqualTo(canonical);
        browser.assertAccessible("add a block (" + channel + "), checked");
        browser.screenshot(shot);
        browser.click(By.id("save-block"));
        browser.waitForText(By.cssSelector(".notification__heading"), "Block saved: live at version");
        browser.waitFor(By.cssSelector("#peer-state p, #peer-state ul"));
        browser.assertAccessible("block saved");
        if (channel.equals("PHONE")) {
            browser.screenshot("add-block-saved");
        }
        return browser.waitFor(By.id("saved-id")).getText();
    }

    private JsonNode screen(String channel, String value) throws Exception {
        return screen(channel, value, "1234");
    }

    /** Asks the query port, over real HTTP, as the switch would. */
    private JsonNode screen(String channel, String value, String pin) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + filter.server.queryAddress().getPort() + "/v1/screen?pin=" + pin
                + "&" + channel + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
