package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With authentication on, the dashboard and the manager's own docs sit behind the login page, in a real browser; after
 * the login {@code /docs} shows the manager's operations and "Try it out" on {@code GET /services/} really answers.
 */
class LoginInBrowserIT {

    private static final String PASSWORD = "browser secret";

    private static ManagerProcess manager;

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("login-browser", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
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
    void theDashboardAsksForALoginAndOpensAfterIt() {
        WebDriver driver = Browser.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            driver.get(manager.url().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/auth/login"));

            logIn(driver, "wrong");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error")));
            assertTrue(driver.findElement(By.cssSelector(".error")).getText().contains("Wrong user name or password"));
            Browser.screenshot(driver, "login-failed");

            logIn(driver, PASSWORD);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Services"));
            assertFalse(driver.getCurrentUrl().contains("/auth/login"), driver.getCurrentUrl());
            assertTrue(driver.manage().getCookieNamed("daeploy").isHttpOnly());
            Browser.screenshot(driver, "dashboard-after-login");

            driver.get(manager.url().resolve("/auth/logout").toString());
            driver.get(manager.url().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/auth/login"));

            // the page asked for before the login is the one shown after it
            driver.get(manager.url().resolve("/services/?asked=1").toString());
            wait.until(ExpectedConditions.urlContains("/auth/login"));
            logIn(driver, PASSWORD);
            wait.until(ExpectedConditions.urlToBe(manager.url().resolve("/services/?asked=1").toString()));
        } finally {
            driver.quit();
        }
    }

    @Test
    void behindTheLoginTheDocsShowTheManagersOperationsAndTryItOutAnswers() {
        WebDriver driver = Browser.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(manager.url().resolve("/docs").toString());
            wait.until(ExpectedConditions.urlContains("/auth/login"));
            logIn(driver, PASSWORD);
            wait.until(ExpectedConditions.urlToBe(manager.url().resolve("/docs").toString()));

            By listServices = By.id("operations-services-get_services");
            wait.until(ExpectedConditions.visibilityOfElementLocated(listServices));
            for (String operation : List.of("operations-deploy-post_services_deploy", "operations-rollout-post_services_rollout",
                    "operations-auth-post_auth_token", "operations-admin-get_admin_user")) {
                assertTrue(driver.findElements(By.id(operation)).size() == 1, operation + " shown");
            }

            SwaggerUi.Answer answer = SwaggerUi.tryItOut(driver, "operations-services-get_services", null);
            Browser.screenshot(driver, "manager-docs-try-it-out");

            assertEquals("200", answer.status(), answer.body());
            assertTrue(answer.body().replace(" ", "").contains("\"name\":\"fixture\""), answer.body());
            assertTrue(answer.body().contains("running"), answer.body());
            assertTrue(answer.requestUrl().endsWith("/services/"), answer.requestUrl());
        } finally {
            driver.quit();
        }
    }

    /** Fills in and sends the login form as admin. */
    private static void logIn(WebDriver driver, String password) {
        driver.findElement(By.name("username")).sendKeys("admin");
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }
}
