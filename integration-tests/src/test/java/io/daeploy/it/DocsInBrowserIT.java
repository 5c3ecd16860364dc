package io.daeploy.it;

import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service's interactive docs, opened through the gateway in a real browser: "Try it out" really calls the service,
 * and the dashboard's links lead to a version's docs and log.
 */
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

            SwaggerUi.Answer answer = SwaggerUi.tryItOut(driver, "operations-Entrypoints-hello", "{\"name\":\"Browser\"}");
            Browser.screenshot(driver, "service-docs-try-it-out");

            assertEquals("200", answer.status(), answer.body());
            assertTrue(answer.body().contains("Hello Browser"), answer.body());
            assertTrue(answer.requestUrl().endsWith("/services/fixture/hello"), answer.requestUrl());
        } finally {
            driver.quit();
        }
    }

    @Test
    void theDashboardLinksToEachVersionsDocsAndLog() {
        WebDriver driver = Browser.start();
        try {
            driver.get(manager.url().resolve("/").toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            By docsLink = By.cssSelector("a[aria-label='Docs of fixture 1.0.0']");
            String docs = wait.until(ExpectedConditions.elementToBeClickable(docsLink)).getDomProperty("href");
            String log = driver.findElement(By.cssSelector("a[aria-label='Log of fixture 1.0.0']")).getDomProperty("href");
            assertEquals(manager.url().resolve("/services/fixture_1.0.0/docs").toString(), docs);
            assertEquals(manager.url().resolve("/dashboard/log.html?name=fixture&version=1.0.0").toString(), log);
            for (String link : new String[] {docs, log}) {
                HttpResponse<String> page = Http.get(URI.create(link));
                assertEquals(200, page.statusCode(), link);
                assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), link);
            }

            driver.findElement(docsLink).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operations-Entrypoints-hello")));
            assertEquals(docs, driver.getCurrentUrl());
            assertTrue(driver.getTitle().contains("fixture"), driver.getTitle());
        } finally {
            driver.quit();
        }
    }
}
