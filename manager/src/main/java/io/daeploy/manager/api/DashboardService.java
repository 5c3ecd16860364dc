package io.daeploy.manager.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dashboard: {@code /} answers the page, {@code /dashboard/*} its styles, scripts and the log
 * view, all from the {@code dashboard/} folder of the classpath, so the page works offline. Every
 * answer says {@code Cache-Control: no-cache}: a browser revalidates, and an upgraded manager
 * never runs an old script against a new page.
 */
public final class DashboardService implements HttpService {

    private static final String FOLDER = "dashboard";
    private static final String NO_CACHE = "no-cache";

    private final byte[] indexPage;

    public DashboardService() {
        this.indexPage = resource("/" + FOLDER + "/index.html");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::index)
                .any("/" + FOLDER + "/*", DashboardService::revalidateAlways)
                .register("/" + FOLDER, StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location(FOLDER)
                        .build()));
    }

    private void index(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, NO_CACHE);
        res.send(indexPage);
    }

    private static void revalidateAlways(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, NO_CACHE);
        res.next();
    }

    private static byte[] resource(String path) {
        try (InputStream in = DashboardService.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
