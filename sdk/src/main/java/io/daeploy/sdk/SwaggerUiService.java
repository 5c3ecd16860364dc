package io.daeploy.sdk;

import java.util.logging.Logger;

import io.daeploy.common.SwaggerUiPage;

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
    /** Where the webjar's files would be, so that the page is served (blank) when the webjar is missing. */
    private static final String FALLBACK_ROOT = "META-INF/resources/webjars/swagger-ui/5.34.1/";

    private final SwaggerUiPage page;
    private final byte[] unprefixedPage;

    SwaggerUiService(ServiceSettings settings) {
        this.page = new SwaggerUiPage(settings.name() + " " + settings.version() + " - API documentation");
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
        return page.html(prefix + PATH + "/");
    }

    private void servePage(ServerRequest request, ServerResponse response) {
        String prefix = ForwardedPrefix.of(request);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache"); // the base depends on the route taken
        response.send(prefix.isEmpty() ? unprefixedPage : page(prefix));
    }

    private static String webjarLocation() {
        return SwaggerUiPage.webjarRoot(SwaggerUiService.class.getClassLoader()).orElseGet(() -> {
            LOGGER.warning("The swagger-ui webjar is not on the classpath; /docs will show a blank page");
            return FALLBACK_ROOT;
        });
    }
}
