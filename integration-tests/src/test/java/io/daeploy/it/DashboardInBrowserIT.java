package io.daeploy.it;

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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard at {@code /} in a real browser, against a real manager running two versions of a
 * service and holding a notification: what it lists, its log views following lines written after
 * they opened, clearing notifications, and a phone-sized screen.
 */
class DashboardInBrowserIT {

    private static final Dimension DESKTOP = new Dimension(1280, 1000);
    private static final Dimension PHONE = new Dimension(390, 844);

    private static ManagerProcess manager;
    private static ManagerClient client;

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void deployTwoVersionsAndRaiseANotification() {
        manager = ManagerProcess.start("dashboard-browser", Map.of());
        client = manager.client();
        for (String version : List.of("1.0.0", "2.0.0")) {
            ServiceVersion deployed = client.deploy("demo", version, Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), deployed.reason());
        }
        client.notify(new NotificationRequest("demo", "1.0.0", "Something happened", Severity.WARNING, List.of(), 0));
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    @BeforeEach
    void openBrowser() {
        driver = Browser.start();
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
        assertEquals(List.of("Docs", "Log"), texts("tr[data-version='1.0.0'] .links a"));

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

    /** The visible texts of what the selector finds, read in one go: the page redraws every few seconds. */
    @SuppressWarnings("unchecked")
    private List<String> texts(String cssSelector) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())",
                                     cssSelector);
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
