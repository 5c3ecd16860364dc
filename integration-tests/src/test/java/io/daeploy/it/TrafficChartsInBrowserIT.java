package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's traffic charts in a real browser, against a real manager rolling a version out under steady load:
 * each version's line is drawn (checked on the screenshot's pixels, not only in the page's markup), the rollout's
 * progress and limits are shown, a phone-sized screen does not scroll sideways, and nothing is loaded from outside.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TrafficChartsInBrowserIT {

    private static final Dimension DESKTOP = new Dimension(1280, 1000);
    private static final Dimension PHONE = new Dimension(390, 844);
    /** Matches an address that would leave the manager (a CDN, web fonts): the SVG namespace is a name, not a request. */
    private static final Pattern EXTERNAL_URL = Pattern.compile("https?://(?!www\\.w3\\.org/2000/svg)|[\"'(]\\s*//\\w");
    private static final String CARD = ".traffic-card[data-name='demo']";
    private static final String REQUESTS_CHART = CARD + " .traffic-chart[data-chart='requests']";
    /** Points with traffic each version must have before the charts are judged: a line, not a dot. */
    private static final int POINTS = 4;

    private static ManagerProcess manager;
    private static ManagerClient client;

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void deployTwoVersions() {
        // a point a second, so that the charts have a line within seconds of load
        manager = ManagerProcess.start("traffic-charts-browser", Map.of("DAEPLOY_TRAFFIC_SAMPLE_SECONDS", "1"));
        client = manager.client();
        for (String version : List.of("1.0.0", "2.0.0")) {
            ServiceVersion deployed = client.deploy("demo", version, Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), deployed.reason());
        }
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    @BeforeEach
    void openBrowser() {
        driver = Browser.start();
        driver.manage().window().setSize(DESKTOP);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        driver.quit();
    }

    @Test
    void aRolloutsChartsDrawBothVersionsWithItsStepsLimitsAndProgress() throws Exception {
        // open before the rollout: the page sees the canary come, whatever pace the rollout then goes at
        driver.get(manager.url().resolve("/").toString());
        wait.until(d -> count(".traffic-toggle[data-name='demo'][aria-pressed='false']") == 1);
        try (PacedLoad load = new PacedLoad("demo")) {
            // a generous latency factor and several checks: on 2 cores shared with a browser the outcome is not the point
            client.rollout("demo", "2.0.0", Map.of("shadowMinCopies", 0, "weights", List.of(20, 50, 100), "intervalSeconds", 5,
                    "minRequests", 20, "maxLatencyFactor", 10, "failedChecks", 3));
            awaitTrafficOfBoth();
            wait.until(d -> drawnPoints("main") >= POINTS && drawnPoints("canary") >= POINTS);
            assertTrue(load.answered() > 0, "the load got answers");
            assertEquals(1L, count(".traffic-toggle[data-name='demo'][aria-pressed='true']"), "a name with a canary shows by itself");

            assertProgressShowsTheStep();
            assertTrue(count(REQUESTS_CHART + " .marker") >= 1, "the rollout's start is marked");
            assertEquals(1L, count(CARD + " .traffic-chart[data-chart='errors'] path[data-limit='error']"), "the error limit is drawn");
            assertEquals(1L, count(CARD + " .traffic-chart[data-chart='latency'] path[data-limit='latency']"),
                    "the latency limit is drawn");
            assertEquals(List.of("1.0.0", "2.0.0"), texts(CARD + " .traffic-legend li[data-version] code"));

            Map<String, String> strokes = strokes();
            byte[] png = screenshotOf(REQUESTS_CHART);
            Path saved = save(png, "traffic-chart-requests");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            for (String role : List.of("main", "canary")) {
                long pixels = pixelsNear(image, rgb(strokes.get(role)));
                assertTrue(pixels >= 20, "the " + role + " line (" + strokes.get(role) + ") is drawn: " + pixels + " pixels in " + saved);
            }
            save(screenshotOf(CARD), "traffic-card");
            Browser.screenshot(driver, "traffic-dashboard");

            driver.manage().window().setSize(PHONE);
            wait.until(d -> script("return window.innerWidth").equals(390L));
            assertNoHorizontalScroll();
            Browser.screenshot(driver, "traffic-dashboard-mobile");
        }
    }

    @Test
    void aNameWithoutCanaryShowsItsChartsWhenTheUserAsksAndNothingIsLoadedFromOutside() {
        String origin = manager.url().toString();
        driver.get(manager.url().resolve("/").toString());
        WebElement toggle = wait.until(d -> d.findElement(By.cssSelector(".traffic-toggle[data-name='demo']")));
        if ("false".equals(toggle.getDomAttribute("aria-pressed"))) {
            toggle.click();
        }
        wait.until(d -> count(CARD + " .traffic-chart, " + CARD + " .traffic-waiting") > 0);
        driver.findElement(By.cssSelector(".traffic-toggle[data-name='demo']")).click();
        wait.until(d -> count(CARD) == 0);
        assertTrue(driver.findElement(By.id("traffic-hint")).isDisplayed(), "the hint says how to show a name again");

        List<String> loaded = loadedResources();
        assertTrue(loaded.containsAll(List.of(origin + "/dashboard/traffic-charts.js", origin + "/dashboard/line-chart.js",
                origin + "/dashboard/rollout-progress.js")), loaded.toString());
        assertTrue(loaded.stream().anyMatch(url -> url.startsWith(origin + "/services/~traffic?name=demo")), loaded.toString());
        for (String url : loaded) {
            assertTrue(url.startsWith(origin + "/"), "loaded from outside the manager: " + url);
            if (url.startsWith(origin + "/dashboard/")) {
                String text = Http.get(URI.create(url)).body();
                assertFalse(EXTERNAL_URL.matcher(text).find(), url + " refers to an address outside the manager");
            }
        }
    }

    /** Until the manager's history has a few points with requests for each version (asked of the API, not the page). */
    private static void awaitTrafficOfBoth() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode traffic = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> res = Http.get(manager.url().resolve("/services/~traffic?name=demo"));
            assertEquals(200, res.statusCode(), res.body());
            traffic = read(res.body());
            boolean both = true;
            for (JsonNode version : traffic.get("versions")) {
                long withRequests = 0;
                for (JsonNode point : version.get("points")) {
                    withRequests += point.get("requestsPerSecond").asDouble() > 0 ? 1 : 0;
                }
                both &= withRequests >= POINTS;
            }
            if (both && traffic.get("versions").size() == 2) {
                return;
            }
            ManagerProcess.sleep(250);
        }
        throw new AssertionError("the manager's traffic history never had points of both versions: " + traffic);
    }

    /** The progress bar says the step the rollout is at, read in one go: the card is redrawn with every new point. */
    @SuppressWarnings("unchecked")
    private void assertProgressShowsTheStep() {
        Map<String, Object> progress = (Map<String, Object>) script("const p = document.querySelector(arguments[0]);"
                + " const texts = s => [...p.querySelectorAll(s)].map(e => e.textContent.trim());"
                + " return {phase: p.dataset.phase, step: p.dataset.step, steps: p.dataset.steps,"
                + " segments: texts('.rollout-segment'), done: texts('.rollout-segment.done').length,"
                + " current: texts('.rollout-segment.current').length, stepText: texts('.rollout-step')[0],"
                + " weight: texts('.rollout-weight')[0] ?? ''}", CARD + " .rollout-progress");
        String phase = (String) progress.get("phase");
        int step = Integer.parseInt((String) progress.get("step"));
        assertEquals("3", progress.get("steps"), progress.toString());
        assertEquals(List.of("step 1: 20 %", "step 2: 50 %", "step 3: 100 %"), progress.get("segments"));
        assertEquals("Step " + step + " of 3", progress.get("stepText"), progress.toString());
        assertTrue(List.of("canary", "promoted", "rolled_back").contains(phase), progress.toString());
        assertEquals(phase.equals("promoted") ? 3L : step - 1L, ((Number) progress.get("done")).longValue(), progress.toString());
        if (phase.equals("canary")) {
            assertEquals(1L, ((Number) progress.get("current")).longValue(), progress.toString());
            assertTrue(((String) progress.get("weight")).matches("2\\.0\\.0 answers (20|50|100) % of requests"), progress.toString());
        }
    }

    /** Points the page drew for the version in that role on the requests chart (0 when it has no line yet). */
    private long drawnPoints(String role) {
        Object points = script("const path = document.querySelector(arguments[0]);"
                + " return path ? Number(path.getAttribute('data-points')) : 0", REQUESTS_CHART + " path[data-role='" + role + "']");
        return ((Number) points).longValue();
    }

    /** The line colour of each role on the requests chart. */
    @SuppressWarnings("unchecked")
    private Map<String, String> strokes() {
        return (Map<String, String>) script("return Object.fromEntries([...document.querySelectorAll(arguments[0])]"
                + ".map(p => [p.dataset.role, p.getAttribute('stroke')]))", REQUESTS_CHART + " path.series");
    }

    /** The element as the screen shows it; found again if a redraw replaced it meanwhile. */
    private byte[] screenshotOf(String cssSelector) {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElement(By.cssSelector(cssSelector)).getScreenshotAs(OutputType.BYTES);
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static int[] rgb(String hex) {
        int value = Integer.parseInt(hex.substring(1), 16);
        return new int[] {value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff};
    }

    /** Pixels within a small distance of the colour: a line's inner pixels, not the anti-aliased edges. */
    private static long pixelsNear(BufferedImage image, int[] colour) {
        long near = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int pixel = image.getRGB(x, y);
                int distance = Math.abs((pixel >> 16 & 0xff) - colour[0]) + Math.abs((pixel >> 8 & 0xff) - colour[1])
                        + Math.abs((pixel & 0xff) - colour[2]);
                near += distance <= 60 ? 1 : 0;
            }
        }
        return near;
    }

    private static Path save(byte[] png, String name) throws IOException {
        Path dir = Path.of(System.getProperty("daeploy.screenshotDir", "target/screenshots"));
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name + ".png"), png);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String cssSelector) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())",
                                     cssSelector);
    }

    private long count(String cssSelector) {
        return (Long) script("return document.querySelectorAll(arguments[0]).length", cssSelector);
    }

    /** Every address the page loaded after the document itself: scripts, styles, icons, API calls. */
    @SuppressWarnings("unchecked")
    private List<String> loadedResources() {
        return (List<String>) script("return performance.getEntriesByType('resource').map(e => e.name)");
    }

    private void assertNoHorizontalScroll() {
        long pageWidth = (Long) script("return document.documentElement.scrollWidth");
        long viewportWidth = (Long) script("return window.innerWidth");
        assertTrue(pageWidth <= viewportWidth, "the page is " + pageWidth + " px wide on a " + viewportWidth + " px screen");
    }

    private Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(code, arguments);
    }

    /**
     * Clients that greet through the gateway at a steady pace, well below what 2 cores can answer, so that the manager,
     * both versions and the browser all keep running.
     */
    private final class PacedLoad implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong answered = new AtomicLong();
        private final List<Thread> clients = new ArrayList<>();

        PacedLoad(String name) {
            URI hello = manager.url().resolve("/services/" + name + "/hello");
            for (int i = 0; i < 2; i++) {
                clients.add(Thread.ofPlatform().daemon().start(() -> {
                    while (running.get()) {
                        try {
                            if (Http.postJson(hello, "{\"name\":\"Bob\"}").statusCode() == 200) {
                                answered.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            // counted by its absence: the test looks at the charts, not at each answer
                        }
                        ManagerProcess.sleep(10);
                    }
                }));
            }
        }

        long answered() {
            return answered.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(10_000);
            }
        }
    }
}
