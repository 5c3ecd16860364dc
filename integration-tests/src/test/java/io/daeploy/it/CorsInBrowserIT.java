package io.daeploy.it;

import com.sun.net.httpserver.HttpServer;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS in a real Chromium against a real manager with authentication on and {@code DAEPLOY_CORS_ALLOWED_ORIGINS}
 * naming one page server: its page calls an entrypoint through the gateway and the manager's API with {@code fetch}
 * (JSON and a bearer token, so that the browser sends a preflight first) and reads the answers; the same page from a
 * second server, on a port not on the list, is blocked by the browser.
 */
class CorsInBrowserIT {

    private static final String PASSWORD = "cors in the browser";

    private static HttpServer allowedPages;
    private static HttpServer otherPages;
    private static ManagerProcess manager;
    private static String token;

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void startPagesAndAManagerThatAllowsOneOfThem() {
        allowedPages = pageServer();
        otherPages = pageServer();
        manager = ManagerProcess.start("cors-browser", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", PASSWORD, "DAEPLOY_CORS_ALLOWED_ORIGINS", origin(allowedPages)));
        token = new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", PASSWORD);
        manager.useClient(new ManagerClient(manager.url(), token, Duration.ofSeconds(120)));
        ServiceVersion deployed = manager.client().deploy("greeter", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }

    @AfterAll
    static void stopAll() {
        if (manager != null) {
            manager.close();
        }
        allowedPages.stop(0);
        otherPages.stop(0);
    }

    @BeforeEach
    void openBrowser() {
        driver = Browser.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        driver.quit();
    }

    @Test
    void aPageOfAnAllowedOriginCallsAnEntrypointThroughTheGatewayAndTheApi() {
        driver.get(origin(allowedPages) + "/");

        String entrypoint = resultOf("entrypoint");
        assertEquals("200 \"Hello Bob\" answered by 1.0.0", entrypoint, "the exposed X-Daeploy-Version is readable too");
        String api = resultOf("api");
        assertTrue(api.startsWith("200 [") && api.contains("\"name\":\"greeter\""), api);
        Browser.screenshot(driver, "cors-allowed-origin");
    }

    @Test
    void aPageOfAnOriginNotOnTheListIsBlockedByTheBrowser() {
        driver.get(origin(otherPages) + "/");

        assertEquals("TypeError: Failed to fetch", resultOf("entrypoint"));
        assertEquals("TypeError: Failed to fetch", resultOf("api"));
        Browser.screenshot(driver, "cors-other-origin");
    }

    /** What the page wrote once its call settled. */
    private String resultOf(String id) {
        wait.until(d -> !d.findElement(By.id(id)).getText().equals("pending"));
        return driver.findElement(By.id(id)).getText();
    }

    private static String origin(HttpServer pages) {
        return "http://127.0.0.1:" + pages.getAddress().getPort();
    }

    /** Serves the page at / (anything else 404), on its own loopback port: an origin of its own. */
    private static HttpServer pageServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestURI().getPath().equals("/") ? page().getBytes(StandardCharsets.UTF_8) : null;
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page that calls the manager from its own origin and shows what came back, or the error fetch raised. */
    private static String page() {
        return """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>Another origin</title></head>
                <body>
                <p>Entrypoint: <span id="entrypoint">pending</span></p>
                <p>API: <span id="api">pending</span></p>
                <script>
                const manager = "%s";
                const auth = {"Authorization": "Bearer %s"};
                function show(id, promise) {
                  promise.then(text => { document.getElementById(id).textContent = text; })
                         .catch(e => { document.getElementById(id).textContent = e.name + ": " + e.message; });
                }
                show("entrypoint", fetch(manager + "/services/greeter/hello", {method: "POST",
                        headers: {...auth, "Content-Type": "application/json"}, body: JSON.stringify({name: "Bob"})})
                    .then(async r => r.status + " " + await r.text() + " answered by " + r.headers.get("X-Daeploy-Version")));
                show("api", fetch(manager + "/services/", {headers: auth}).then(async r => r.status + " " + await r.text()));
                </script>
                </body></html>
                """.formatted(manager.url(), token);
    }
}
