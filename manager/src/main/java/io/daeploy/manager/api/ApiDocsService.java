package io.daeploy.manager.api;

import io.daeploy.common.SwaggerUiPage;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /docs}: the manager's {@code /openapi} in Swagger UI, with its files from the swagger-ui webjar (the one the
 * services' {@code /docs} use), so the page works offline. Behind the login like the dashboard: the filter guards it.
 *
 * <p>Served by hand, as the dashboard is, rather than by Helidon's static content module (whose answer to a
 * revalidation is an exception that the catch-all handler would turn into a 500).
 */
public final class ApiDocsService implements HttpService {

    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+(-[0-9]+x[0-9]+)?\\.(css|js|png)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "png", "image/png");

    private final byte[] page = new SwaggerUiPage("Daeploy manager - API documentation").html("/docs/");
    private final String webjarRoot = "/" + SwaggerUiPage.webjarRoot(ApiDocsService.class.getClassLoader())
            .orElseThrow(() -> new IllegalStateException("The swagger-ui webjar is not on the manager's classpath"));

    @Override
    public void routing(HttpRules rules) {
        rules.get("/docs", this::page)
                .get("/docs/assets/{file}", this::asset);
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(page);
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        Matcher name = ASSET.matcher(file);
        Optional<byte[]> content = name.matches() ? read(webjarRoot + file) : Optional.empty();
        if (content.isEmpty()) {
            JsonResponses.error(res, Status.NOT_FOUND_404, "The API page has no file " + file);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPES.get(name.group(2)));
        res.header(HeaderNames.CACHE_CONTROL, "max-age=86400"); // the webjar's version is in no URL, so a day
        res.send(content.get());
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = ApiDocsService.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
