package io.daeploy.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With authentication on, the dashboard sits behind the login page, in a real browser. */
class LoginInBrowserIT {

    private static ManagerProcess manager;

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("login-browser", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", "browser secret"));
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

            driver.findElement(By.name("username")).sendKeys("admin");
            driver.findElement(By.name("password")).sendKeys("wrong");
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error")));
            assertTrue(driver.findElement(By.cssSelector(".error")).getText().contains("Wrong user name or password"));
            Browser.screenshot(driver, "login-failed");

            driver.findElement(By.name("username")).sendKeys("admin");
            driver.findElement(By.name("password")).sendKeys("browser secret");
            driver.findElement(By.cssSelector("button[type=submit]")).click();
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
            driver.findElement(By.name("username")).sendKeys("admin");
            driver.findElement(By.name("password")).sendKeys("browser secret");
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.urlToBe(manager.url().resolve("/services/?asked=1").toString()));
        } finally {
            driver.quit();
        }
    }
}
