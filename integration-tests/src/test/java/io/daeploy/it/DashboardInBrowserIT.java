package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard at {@code /} in a real browser, against a real manager running two versions of a
 * service and holding a notification: what it lists, how it keeps up without a reload, shadow
 * figures and failures, its log views (following, highlighting, searching and downloading the full
 * log), clearing notifications, a phone-sized screen, and nothing loaded from outside the manager.
 */
class DashboardInBrowserIT {

    private static final Dimension DESKTOP = new Dimension(1280, 1000);
    private static final Dimension PHONE = new Dimension(390, 844);

    private static ManagerProcess manager;
    private static ManagerClient client;

    /** Matches an address that would leave the manager (a CDN, web fonts): the SVG namespace is a name, not a request. */
    private static final Pattern EXTERNAL_URL = Pattern.compile("https?://(?!www\\.w3\\.org/2000/svg)|[\"'(]\\s*//\\w");

    private WebDriver driver;
    private WebDriverWait wait;
    private Path downloads;

    @BeforeAll
    static void deployTwoVersionsAndRaiseANotification() {
        manager = ManagerProcess.start("dashboard-browser", Map.of());
        client = manager.client();
        for (String version : List.of("1.0.0", "2.0.0")) {
            ServiceVersion deployed = client.deploy("demo", version, Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), deployed.reason());
        }
        client.notify(new NotificationRequest("demo", "1.0.0", "Something happened", Severity.WARNING, List.of(), 0));
        ServiceVersion chatty = client.deploy("chatty", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", chatty.status(), chatty.reason());
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    @BeforeEach
    void openBrowser() {
        downloads = TestPaths.newWorkDir("dashboard-downloads");
        driver = Browser.start(downloads);
        driver.manage().window().setSize(DESKTOP);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        driver.quit();
    }

    @Test
    void listsBothVersionsWithTheMainMarkedShowsTheNotificationAndClearsIt() {
        driver.get(manager.url().resolve("/").toString());

        wait.until(d -> texts("tr[data-service='demo'] .status").equals(List.of("running", "running")));
        assertEquals(List.of("1.0.0", "2.0.0"), texts("tr[data-service='demo'] .version"));
        assertEquals(List.of("1.0.0"), texts("tr[data-service='demo']:has(.main-marker) .version"), "the main is marked");
        assertEquals(List.of("Docs", "Log"), texts(row("demo", "1.0.0") + " .links a"));

        wait.until(d -> texts("li.notification .notification-message").contains("Something happened"));
        String notification = (String) script("return [...document.querySelectorAll('li.notification')]"
                + ".find(n => n.innerText.includes('Something happened')).innerText");
        assertTrue(notification.contains("WARNING") && notification.contains("demo 1.0.0"), notification);
        Browser.screenshot(driver, "dashboard");

        driver.manage().window().setSize(PHONE);
        wait.until(d -> script("return window.innerWidth").equals(390L));
        assertNoHorizontalScroll();
        Browser.screenshot(driver, "dashboard-mobile");
        driver.manage().window().setSize(DESKTOP);

        driver.findElement(By.id("clear-notifications")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> texts("li.notification").isEmpty());
        assertTrue(driver.findElement(By.id("notifications-empty")).isDisplayed());
        assertTrue(client.notifications().isEmpty(), "the manager cleared them too");
    }

    @Test
    void theLogViewOfAVersionFollowsItsOutputAndSearchesTheFullLog() {
        driver.get(manager.url().resolve("/").toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[aria-label='Log of demo 1.0.0']"))).click();
        wait.until(d -> liveLog().contains("Service demo 1.0.0 listening"));
        markThePageAsOpened();

        Http.postJson(manager.url().resolve("/services/demo_1.0.0/crash"), "{\"code\": 1}");
        wait.until(d -> occurrences(liveLog(), "Service demo 1.0.0 listening") == 2);
        assertThePageWasNotReloaded();
        wait.until(ExpectedConditions.textToBe(By.id("follow-state"), "Following"));

        driver.findElement(By.id("search")).sendKeys("demo 1.0.0 listening");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "2 lines match"));
        List<WebElement> marks = driver.findElements(By.cssSelector("#search-results mark"));
        assertEquals(2, marks.size(), driver.findElement(By.id("search-summary")).getText());
        assertEquals("demo 1.0.0 listening", marks.get(0).getText());
        String download = driver.findElement(By.id("download")).getDomProperty("href");
        assertTrue(download.endsWith("/services/~logs?name=demo&version=1.0.0&tail=all&follow=false"), download);
        Browser.screenshot(driver, "log-search");

        driver.manage().window().setSize(PHONE);
        wait.until(d -> script("return window.innerWidth").equals(390L));
        assertNoHorizontalScroll();
    }

    @Test
    void theManagerLogFollowsWhatTheManagerDoesAndPausesWhileTheUserReadsAbove() {
        driver.get(manager.url().resolve("/").toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Manager log"))).click();
        wait.until(d -> liveLog().contains("listening on http://"));
        wait.until(ExpectedConditions.textToBe(By.id("follow-state"), "Following"));
        markThePageAsOpened();

        client.deploy("demo", "3.0.0", Map.of(), FixtureApp.zip());
        wait.until(d -> liveLog().contains("demo_3.0.0 is running"));

        driver.manage().window().setSize(PHONE);
        wait.until(d -> script("return window.innerWidth").equals(390L));
        assertNoHorizontalScroll();
        wait.until(d -> script("const log = document.getElementById('live-log');"
                + " return log.scrollTop > 0 && log.scrollTop + log.clientHeight >= log.scrollHeight - 2"));
        script("document.getElementById('live-log').scrollTop = 0");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("follow-state"), "Paused"));

        client.kill("demo", "3.0.0");
        wait.until(d -> liveLog().contains("Killed demo_3.0.0"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("follow-state"), "new line"));
        assertEquals(0L, script("return document.getElementById('live-log').scrollTop"), "the view stays where the user reads");
        Browser.screenshot(driver, "log-view-mobile-paused");

        driver.findElement(By.id("jump-to-latest")).click();
        wait.until(ExpectedConditions.textToBe(By.id("follow-state"), "Following"));
        assertThePageWasNotReloaded();

        driver.manage().window().setSize(DESKTOP);
        wait.until(d -> script("return window.innerWidth").equals(1280L));
        Browser.screenshot(driver, "log-view");
    }

    @Test
    void aVersionDeployedAfterThePageOpenedAppearsWithoutAReload() {
        driver.get(manager.url().resolve("/").toString());
        wait.until(d -> texts("tr[data-service='demo'] .status").size() == 2);
        markThePageAsOpened();

        client.deploy("fresh", "1.0.0", Map.of(), FixtureApp.zip());
        wait.until(d -> texts(row("fresh", "1.0.0") + " .status").equals(List.of("running")));
        client.kill("fresh", "1.0.0");
        wait.until(d -> texts(row("fresh", "1.0.0")).isEmpty());
        assertThePageWasNotReloaded();
    }

    @Test
    void aCanaryIsMarkedWithEachVersionsShareOfTheRequestsWithoutAReload() {
        for (String version : List.of("1.0.0", "2.0.0")) {
            assertEquals("running", client.deploy("split", version, Map.of(), FixtureApp.zip()).status());
        }
        try {
            driver.get(manager.url().resolve("/").toString());
            wait.until(d -> texts("tr[data-service='split'] .status").equals(List.of("running", "running")));
            assertTrue(texts("tr[data-service='split'] .traffic").isEmpty(), "no split, no shares shown");
            markThePageAsOpened();

            client.weights("split", "2.0.0", 30, true);
            wait.until(d -> texts(row("split", "2.0.0") + " .canary-marker").equals(List.of("canary")));
            assertEquals(List.of("70 % of requests"), texts(row("split", "1.0.0") + " .traffic"));
            assertEquals(List.of("30 % of requests"), texts(row("split", "2.0.0") + " .traffic"));
            Browser.screenshot(driver, "dashboard-canary");
            assertThePageWasNotReloaded();
        } finally {
            client.kill("split", null);
        }
    }

    @Test
    void notificationsArriveWithoutAReloadNewestFirstAndARepeatShowsItsCounter() {
        driver.get(manager.url().resolve("/").toString());
        wait.until(d -> texts("tr[data-service='demo'] .status").size() == 2);
        markThePageAsOpened();

        raise("Cache warmed up", Severity.INFO);
        raise("Cache warmed up", Severity.INFO);
        raise("Queue is growing", Severity.WARNING);
        wait.until(d -> notificationsOf("pager").equals(List.of("WARNING Queue is growing", "INFO Cache warmed up ×2")));

        raise("Cache warmed up", Severity.INFO);
        wait.until(d -> notificationsOf("pager").equals(List.of("INFO Cache warmed up ×3", "WARNING Queue is growing")));
        assertThePageWasNotReloaded();
        Browser.screenshot(driver, "dashboard-notifications");
    }

    @Test
    void eachRowSaysSinceWhenAndAFailedVersionSaysWhy() {
        ServiceVersion broken = client.deploy("broken", "1.0.0", Map.of("FIXTURE_FAIL_AT_START", "true"), FixtureApp.zip());
        assertEquals("failed", broken.status());
        ServiceVersion listed = client.services().stream()
                .filter(s -> s.qualifiedName().equals("broken_1.0.0")).findFirst().orElseThrow();
        try {
            driver.get(manager.url().resolve("/").toString());
            String row = row("broken", "1.0.0");
            wait.until(d -> texts(row + " .status").equals(List.of("failed")));
            assertEquals(List.of("status status-failed"), attributes(row + " .status", "className"));
            assertEquals(List.of(listed.since()),
                         attributes(row + " .since time", "dateTime").stream().map(Instant::parse).toList());
            String since = texts(row + " .since").get(0);
            assertTrue(since.matches("since (just now|\\d+ s ago)"), since);
            // the poll moves the relative time on: "just now" becomes "… s ago"
            wait.until(d -> texts(row + " .since").get(0).matches("since \\d+ s ago"));
            assertTrue(texts(row("demo", "1.0.0") + " .since").get(0).matches("since (just now|\\d+ (s|min) ago)"),
                       texts(row("demo", "1.0.0") + " .since").toString());
            assertEquals(List.of("running"), texts(row("demo", "1.0.0") + " .status"));

            assertEquals(List.of("Why it failed"), texts(row + " .reason summary"));
            driver.findElement(By.cssSelector(row + " .reason summary")).click();
            wait.until(d -> driver.findElement(By.cssSelector(row + " .reason pre")).isDisplayed());
            String reason = texts(row + " .reason pre").get(0);
            assertEquals(listed.reason().strip(), reason);
            assertTrue(reason.contains("exited with code 3") && reason.contains("FIXTURE_FAIL_AT_START is set"), reason);
            Browser.screenshot(driver, "dashboard-failed-version");
        } finally {
            client.kill("broken", "1.0.0");
        }
    }

    @Test
    void aShadowsRowComparesItsAnswersWithTheMains() {
        for (String version : List.of("1.0.0", "2.0.0")) {
            ServiceVersion deployed = client.deploy("mirror", version, Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), deployed.reason());
        }
        try {
            driver.get(manager.url().resolve("/").toString());
            String shadow = row("mirror", "2.0.0") + " td[data-label='Shadow']";
            wait.until(d -> texts(shadow).equals(List.of("no mirrored requests yet")));
            assertEquals(List.of("–"), texts(row("mirror", "1.0.0") + " td[data-label='Shadow']"), "the main compares with nothing");
            markThePageAsOpened();

            for (int call = 1; call <= 3; call++) {
                HttpResponse<String> hello = Http.postJson(manager.url().resolve("/services/mirror/hello"), "{\"name\":\"Ann\"}");
                assertEquals("\"Hello Ann\"", hello.body());
                long copies = call;
                // one copy at a time, so none is dropped for being too many in flight
                awaitShadow(r -> r.get("mirrored").asLong() >= copies);
            }
            Map<String, String> expected = Map.of("mirrored", "3", "matched", "3", "differed", "0", "dropped", "0");
            wait.until(d -> figures(row("mirror", "2.0.0")).equals(expected));
            String latency = texts(row("mirror", "2.0.0") + " .latency").get(0);
            assertTrue(latency.matches("shadow p50 [\\d.]+ ms vs main [\\d.]+ ms"), latency);
            assertThePageWasNotReloaded();
            Browser.screenshot(driver, "dashboard-shadow");
        } finally {
            client.kill("mirror", null);
        }
    }

    @Test
    void warningsAndErrorsStandOutInTheLogView() {
        driver.get(manager.url().resolve("/dashboard/log.html?name=chatty&version=1.0.0").toString());
        wait.until(ExpectedConditions.textToBe(By.id("follow-state"), "Following"));

        logAt("WARNING", "Disk is nearly full", 1);
        logAt("SEVERE", "Cannot reach the database", 1);
        logAt("INFO", "All is well again", 1);
        wait.until(d -> liveLog().contains("All is well again"));
        assertEquals(List.of("line level-warning"), classesOfLines("#live-log", "Disk is nearly full"));
        assertEquals(List.of("line level-error"), classesOfLines("#live-log", "Cannot reach the database"));
        assertEquals(List.of("line"), classesOfLines("#live-log", "All is well again"));
        String plain = colourOfLine("All is well again");
        String warning = colourOfLine("Disk is nearly full");
        String error = colourOfLine("Cannot reach the database");
        assertNotEquals(plain, warning, "a warning looks different from a plain line");
        assertNotEquals(plain, error, "an error looks different from a plain line");
        assertNotEquals(warning, error, "an error looks different from a warning");
        Browser.screenshot(driver, "log-levels");

        driver.findElement(By.id("search")).sendKeys("reach the database");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "1 line matches"));
        assertEquals(List.of("line level-error"), classesOfLines("#search-results", "Cannot reach the database"));
    }

    @Test
    void theSearchFindsALineOlderThanThoseTheViewLoaded() {
        logAt("INFO", "The needle went in here", 1);
        logAt("INFO", "hay", 600);
        driver.get(manager.url().resolve("/dashboard/log.html?name=chatty&version=1.0.0").toString());
        wait.until(d -> (Long) script("return document.querySelectorAll('#live-log .line').length") >= 500);
        assertFalse(liveLog().contains("The needle went in here"), "the view holds only the last lines");

        driver.findElement(By.id("search")).sendKeys("needle went in");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "1 line matches"));
        String summary = driver.findElement(By.id("search-summary")).getText();
        long lines = Long.parseLong(summary.replaceAll(".*\\(([0-9]+) lines\\).*", "$1"));
        assertTrue(lines > 600, summary);
        assertEquals(List.of("needle went in"), texts("#search-results mark"));
        assertTrue(texts("#search-results .line").get(0).contains("INFO io.daeploy.fixture.FixtureService: The needle went in here"),
                   texts("#search-results .line").toString());
    }

    @Test
    void theDownloadSavesTheFullLogUnderTheVersionsName() throws IOException {
        logAt("INFO", "Written before the download", 1);
        driver.get(manager.url().resolve("/dashboard/log.html?name=chatty&version=1.0.0").toString());
        wait.until(d -> liveLog().contains("Written before the download"));

        WebElement download = driver.findElement(By.id("download"));
        assertEquals("chatty_1.0.0.log", download.getDomAttribute("download"));
        download.click();
        Path saved = downloads.resolve("chatty_1.0.0.log");
        wait.until(d -> Files.exists(saved) && filesIn(downloads).stream().noneMatch(f -> f.endsWith(".crdownload")));

        String content = Files.readString(saved);
        assertTrue(content.contains("Service chatty 1.0.0 listening on"), "from the first line on: " + content);
        assertTrue(content.contains("Written before the download"), content);
        HttpResponse<String> full = Http.get(URI.create(download.getDomProperty("href")));
        assertEquals(200, full.statusCode());
        assertTrue(full.body().startsWith(content), "the file is the full log as the manager has it");
    }

    @Test
    void everythingThePagesLoadComesFromTheManager() {
        String origin = manager.url().toString();
        driver.get(manager.url().resolve("/").toString());
        wait.until(d -> texts("tr[data-service='demo'] .status").size() == 2);
        List<String> dashboard = loadedResources();
        assertTrue(dashboard.containsAll(List.of(origin + "/dashboard/style.css", origin + "/dashboard/dashboard.js",
                                                 origin + "/dashboard/services-table.js")), dashboard.toString());

        driver.get(manager.url().resolve("/dashboard/log.html?name=demo&version=2.0.0").toString());
        wait.until(ExpectedConditions.textToBe(By.id("follow-state"), "Following"));
        List<String> logView = loadedResources();
        assertTrue(logView.contains(origin + "/dashboard/log-view.js"), logView.toString());

        for (String url : Stream.concat(Stream.of(origin + "/", origin + "/dashboard/log.html"),
                                        Stream.concat(dashboard.stream(), logView.stream())).distinct().toList()) {
            assertTrue(url.startsWith(origin + "/"), "loaded from outside the manager: " + url);
            if (url.startsWith(origin + "/dashboard/") || url.equals(origin + "/")) {
                String text = Http.get(URI.create(url)).body();
                assertFalse(EXTERNAL_URL.matcher(text).find(), url + " refers to an address outside the manager");
            }
        }
    }

    /** The visible texts of what the selector finds, read in one go: the page redraws every few seconds. */
    @SuppressWarnings("unchecked")
    private List<String> texts(String cssSelector) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())",
                                     cssSelector);
    }

    private static String row(String name, String version) {
        return "tr[data-service='" + name + "'][data-version='" + version + "']";
    }

    private static void raise(String message, Severity severity) {
        client.notify(new NotificationRequest("pager", "1.0.0", message, severity, List.of(), 0));
    }

    /** The chatty service logs through java.util.logging, as a service's own code would. */
    private static void logAt(String level, String message, int times) {
        HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/chatty_1.0.0/logAt"),
                "{\"level\":\"" + level + "\",\"message\":\"" + message + "\",\"times\":" + times + "}");
        assertEquals(200, res.statusCode(), res.body());
    }

    private static void awaitShadow(Predicate<JsonNode> done) {
        Instant end = Instant.now().plusSeconds(20);
        JsonNode shadow = null;
        while (Instant.now().isBefore(end)) {
            shadow = client.shadowComparison("mirror").get("shadows").get(0);
            if (done.test(shadow)) {
                return;
            }
            ManagerProcess.sleep(100);
        }
        throw new AssertionError("the shadow's figures never got there: " + shadow);
    }

    /** "SEVERITY message ×count" of the notifications a service raised, top to bottom. */
    @SuppressWarnings("unchecked")
    private List<String> notificationsOf(String service) {
        return (List<String>) script("return [...document.querySelectorAll('li.notification')]"
                + ".filter(n => n.querySelector('.notification-source').innerText.startsWith(arguments[0] + ' '))"
                + ".map(n => [n.querySelector('.severity-badge'), n.querySelector('.notification-message'),"
                + " n.querySelector('.notification-count')].filter(e => e).map(e => e.innerText.trim()).join(' '))", service);
    }

    /** The shadow figures of a row, name to value. */
    @SuppressWarnings("unchecked")
    private Map<String, String> figures(String row) {
        List<List<String>> pairs = (List<List<String>>) script("return [...document.querySelectorAll(arguments[0])]"
                + ".map(f => [f.querySelector('dt').innerText.trim(), f.querySelector('dd').innerText.trim()])",
                row + " .figures .figure");
        Map<String, String> figures = new LinkedHashMap<>();
        pairs.forEach(pair -> figures.put(pair.get(0), pair.get(1)));
        return figures;
    }

    @SuppressWarnings("unchecked")
    private List<String> attributes(String cssSelector, String property) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e[arguments[1]])",
                                     cssSelector, property);
    }

    @SuppressWarnings("unchecked")
    private List<String> classesOfLines(String view, String containing) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0] + ' .line')]"
                + ".filter(l => l.innerText.includes(arguments[1])).map(l => l.className)", view, containing);
    }

    private String colourOfLine(String containing) {
        return (String) script("const line = [...document.querySelectorAll('#live-log .line')]"
                + ".find(l => l.innerText.includes(arguments[0]));"
                + " const style = getComputedStyle(line); return style.color + ' on ' + style.backgroundColor", containing);
    }

    /** Every address the page loaded after the document itself: scripts, styles, icons, API calls. */
    @SuppressWarnings("unchecked")
    private List<String> loadedResources() {
        return (List<String>) script("return performance.getEntriesByType('resource').map(e => e.name)");
    }

    private static List<String> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String liveLog() {
        return (String) script("return document.getElementById('live-log').innerText");
    }

    private void markThePageAsOpened() {
        script("window.openedByTheTest = true");
    }

    private void assertThePageWasNotReloaded() {
        assertEquals(Boolean.TRUE, script("return window.openedByTheTest === true"), "the page was reloaded");
    }

    private void assertNoHorizontalScroll() {
        long pageWidth = (Long) script("return document.documentElement.scrollWidth");
        long viewportWidth = (Long) script("return window.innerWidth");
        assertTrue(pageWidth <= viewportWidth, "the page is " + pageWidth + " px wide on a " + viewportWidth + " px screen");
    }

    private Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(code, arguments);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
