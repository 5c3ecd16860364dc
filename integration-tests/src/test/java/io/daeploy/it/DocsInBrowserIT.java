package io.daeploy.it;

import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service's interactive docs, opened through the gateway in a real browser: "Try it out" really calls the service. */
class DocsInBrowserIT {

    private static ManagerProcess manager;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("docs-browser", Map.of());
        ServiceVersion deployed = manager.client().deploy("fixture", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void tryItOutThroughTheGatewayPrefixGetsTheServicesAnswer() {
        WebDriver driver = Browser.start();
        try {
            driver.get(manager.url().resolve("/services/fixture/docs").toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operations-Entrypoints-hello")));
            assertTrue(driver.getTitle().contains("fixture"), driver.getTitle());

            WebElement operation = driver.findElement(By.id("operations-Entrypoints-hello"));
            operation.findElement(By.cssSelector(".opblock-summary")).click();
            wait.until(d -> operation.findElements(By.cssSelector(".try-out__btn")).size() > 0).booleanValue();
            operation.findElement(By.cssSelector(".try-out__btn")).click();

            WebElement body = wait.until(d -> operation.findElement(By.cssSelector("textarea.body-param__text")));
            // React keeps its own copy of the value: set it the way a typing user would.
            body.clear();
            body.sendKeys("{\"name\":\"Browser\"}");
            operation.findElement(By.cssSelector("button.execute")).click();

            WebElement response = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#operations-Entrypoints-hello .live-responses-table .response .response-col_status")));
            String status = response.getText().trim();
            String answer = (String) ((JavascriptExecutor) driver).executeScript(
                    "return document.querySelector('#operations-Entrypoints-hello .live-responses-table .response-col_description pre').innerText");
            String requestUrl = operation.findElement(By.cssSelector(".request-url pre")).getText();
            Browser.screenshot(driver, "service-docs-try-it-out");

            assertEquals("200", status, answer);
            assertTrue(answer.contains("Hello Browser"), answer);
            assertTrue(requestUrl.endsWith("/services/fixture/hello"), requestUrl);
        } finally {
            driver.quit();
        }
    }
}
