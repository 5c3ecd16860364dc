package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real browser's {@code WebSocket} through the gateway of a manager with authentication on: logged in, the page
 * talks to the fixture service's {@code /echo} (the session cookie authenticates the handshake and stays with the
 * manager); logged out, the handshake is refused.
 */
class WebSocketInBrowserIT {

    private static final String PASSWORD = "browser secret";

    /** Opens a WebSocket to arguments[0], sends arguments[1..] one per answer, and ends with what it received. */
    private static final String CONVERSATION = """
            const done = arguments[arguments.length - 1];
            const toSend = arguments[1].slice();
            const received = [];
            const ws = new WebSocket('ws://' + location.host + arguments[0]);
            ws.onmessage = e => {
                received.push(e.data);
                if (toSend.length > 0) {
                    ws.send(toSend.shift());
                } else {
                    ws.close(1000, 'done');
                }
            };
            ws.onclose = e => done({code: String(e.code), received: received});
            """;

    private static ManagerProcess manager;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("websocket-browser", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", PASSWORD));
        String token = new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", PASSWORD);
        ManagerClient admin = new ManagerClient(manager.url(), token, Duration.ofSeconds(120));
        manager.useClient(admin);
        ServiceVersion deployed = admin.deploy("chat", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), () -> "deploy failed: " + deployed.reason());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void aPageTalksToTheServiceThroughTheGateway() {
        WebDriver driver = Browser.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            driver.get(manager.url().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/auth/login"));
            driver.findElement(By.name("username")).sendKeys("admin");
            driver.findElement(By.name("password")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Services"));

            Object result = ((JavascriptExecutor) driver).executeAsyncScript(CONVERSATION, "/services/chat/echo",
                    List.of("one", "zwei ✓"));

            assertEquals(Map.of("code", "1000", "received", List.of(
                    "hello /services/chat authorization=no cookie=none", "echo: one", "echo: zwei ✓")), result);
            Browser.screenshot(driver, "websocket-through-gateway");

            driver.get(manager.url().resolve("/auth/logout").toString());
            driver.get(manager.url().resolve("/auth/login").toString());
            Object refused = ((JavascriptExecutor) driver).executeAsyncScript(CONVERSATION, "/services/chat/echo",
                    List.of("one"));
            // a handshake the gateway answers with 401 is, to a page, a connection that failed (1006) and said nothing
            assertEquals(Map.of("code", "1006", "received", List.of()), refused);
        } finally {
            driver.quit();
        }
    }
}
