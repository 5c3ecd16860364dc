package io.daeploy.it;

import io.daeploy.common.ManagerClient;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager's own interactive docs in a real browser, with authentication on: {@code /docs} asks for the login,
 * then shows the manager's operations (those of authentication too), and "Try it out" on {@code GET /services/}
 * really answers, with the session's cookie, listing the deployed service.
 */
class ManagerDocsInBrowserIT {

    private static final String PASSWORD = "docs secret";

    private static ManagerProcess manager;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("manager-docs-browser", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", PASSWORD));
        String token = new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", PASSWORD);
        manager.useClient(new ManagerClient(manager.url(), token, Duration.ofSeconds(120)));
        ServiceVersion deployed = manager.client().deploy("fixture", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void behindTheLoginTheDocsShowTheManagersOperationsAndTryItOutAnswers() {
        WebDriver driver = Browser.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(manager.url().resolve("/docs").toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("admin");
            driver.findElement(By.name("password")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.urlToBe(manager.url().resolve("/docs").toString()));

            By listServices = By.id("operations-services-get_services");
            wait.until(ExpectedConditions.visibilityOfElementLocated(listServices));
            for (String operation : List.of("operations-deploy-post_services_deploy", "operations-rollout-post_services_rollout",
                    "operations-auth-post_auth_token", "operations-admin-get_admin_user")) {
                assertTrue(driver.findElements(By.id(operation)).size() == 1, operation + " shown");
            }

            WebElement operation = driver.findElement(listServices);
            operation.findElement(By.cssSelector(".opblock-summary")).click();
            wait.until(d -> !operation.findElements(By.cssSelector(".try-out__btn")).isEmpty());
            operation.findElement(By.cssSelector(".try-out__btn")).click();
            wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector("button.execute")))).click();

            String responseCell = "#operations-services-get_services .live-responses-table .response";
            String status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(responseCell + " .response-col_status"))).getText().trim();
            String answer = (String) ((JavascriptExecutor) driver).executeScript("return document.querySelector('"
                    + "#operations-services-get_services .live-responses-table .response-col_description pre').innerText");
            Browser.screenshot(driver, "manager-docs-try-it-out");

            assertEquals("200", status, answer);
            assertTrue(answer.contains("\"name\": \"fixture\"") || answer.contains("\"name\":\"fixture\""), answer);
            assertTrue(answer.contains("running"), answer);
        } finally {
            driver.quit();
        }
    }
}
