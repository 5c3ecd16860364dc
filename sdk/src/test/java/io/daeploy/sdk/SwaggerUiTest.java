package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interactive page, reached directly and through the gateway prefix. */
class SwaggerUiTest {

    private static RunningService service;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        service = DaeployService.start(new GreetingService(), new ServiceSettings("greeting", "1.2.3", 0, "127.0.0.1"));
        http = new HttpCalls(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void pageIsHtmlTitledWithNameAndVersion() {
        HttpResponse<String> response = http.get("/docs");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(response.body().contains("<title>greeting 1.2.3"), response.body());
    }

    @Test
    void directlyTheAssetsResolveUnderDocs() {
        String page = http.get("/docs").body();

        assertTrue(page.contains("<base href=\"/docs/\">"), page);
        URI base = URI.create("http://127.0.0.1/docs/");
        assertEquals("/docs/assets/swagger-ui-bundle.js", base.resolve("assets/swagger-ui-bundle.js").getPath());
        assertEquals("/openapi", base.resolve("../openapi").getPath());
        assertTrue(page.contains("src=\"assets/swagger-ui-bundle.js\""), page);
        assertTrue(page.contains("href=\"assets/swagger-ui.css\""), page);
        assertTrue(page.contains("\"../openapi\""), page);
    }

    @Test
    void behindTheGatewayTheAssetsResolveUnderThePrefix() {
        String page = http.send("GET", "/docs", null, "X-Forwarded-Prefix", "/services/greeting").body();

        assertTrue(page.contains("<base href=\"/services/greeting/docs/\">"), page);
        URI base = URI.create("http://manager/services/greeting/docs/");
        assertEquals("/services/greeting/docs/assets/swagger-ui.css", base.resolve("assets/swagger-ui.css").getPath());
        assertEquals("/services/greeting/openapi", base.resolve("../openapi").getPath());
    }

    @Test
    void trailingSlashServesTheSamePage() {
        HttpResponse<String> response = http.get("/docs/");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<base href=\"/docs/\">"));
    }

    @Test
    void unsafePrefixIsIgnored() {
        String page = http.send("GET", "/docs", null, "X-Forwarded-Prefix", "/x\"><script>").body();

        assertTrue(page.contains("<base href=\"/docs/\">"), page);
    }

    @Test
    void swaggerUiAssetsAreServedFromTheWebjar() {
        HttpResponse<String> bundle = http.get("/docs/assets/swagger-ui-bundle.js");
        HttpResponse<String> css = http.get("/docs/assets/swagger-ui.css");

        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.body().contains("SwaggerUIBundle"));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
    }
}
