package io.daeploy.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.logging.Logger;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

/**
 * The interactive API page at {@code /docs}, with Swagger UI's files served from the swagger-ui
 * webjar at {@code /docs/assets/...}, so it works offline.
 *
 * <p>Behind the gateway the page is {@code /services/hello/docs}, at the root it is {@code /docs};
 * a relative link cannot serve both (and breaks on a trailing slash), so the page carries a
 * {@code <base href>} computed here: the {@code X-Forwarded-Prefix} header plus {@code /docs/}.
 * Assets are {@code assets/...} and the document is {@code ../openapi} relative to that base.
 */
final class SwaggerUiService implements HttpService {

    static final String PATH = "/docs";
    private static final Logger LOGGER = Logger.getLogger(SwaggerUiService.class.getName());
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String WEBJAR_ROOT = "META-INF/resources/webjars/swagger-ui/";
    private static final String FALLBACK_VERSION = "5.34.1";

    private final String template;
    private final byte[] unprefixedPage;

    SwaggerUiService(ServiceSettings settings) {
        String title = escapeHtml(settings.name() + " " + settings.version() + " - API documentation");
        this.template = readTemplate().replace("{{title}}", title);
        this.unprefixedPage = page("");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.register("/assets", StaticContentFeature.createService(
                ClasspathHandlerConfig.builder().location(webjarLocation()).build()));
        rules.get("/", this::servePage);
    }

    /** The page for a request that came through {@code prefix} ({@code ""} when called directly). */
    byte[] page(String prefix) {
        return template.replace("{{base}}", prefix + PATH + "/").getBytes(StandardCharsets.UTF_8);
    }

    private void servePage(ServerRequest request, ServerResponse response) {
        String prefix = ForwardedPrefix.of(request);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache"); // the base depends on the route taken
        response.send(prefix.isEmpty() ? unprefixedPage : page(prefix));
    }

    /** The webjar's own version, so a build that manages another swagger-ui version still works. */
    static String webjarLocation() {
        String version = FALLBACK_VERSION;
        try (InputStream in = SwaggerUiService.class.getClassLoader().getResourceAsStream(WEBJAR_POM)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version", FALLBACK_VERSION);
            } else {
                LOGGER.warning("The swagger-ui webjar is not on the classpath; /docs will show a blank page");
            }
        } catch (IOException e) {
            LOGGER.warning("Cannot read " + WEBJAR_POM + ": " + e.getMessage());
        }
        return WEBJAR_ROOT + version;
    }

    private static String readTemplate() {
        try (InputStream in = SwaggerUiService.class.getResourceAsStream("swagger-ui.html")) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui.html is missing from the daeploy-sdk jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
