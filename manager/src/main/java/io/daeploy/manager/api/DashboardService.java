package io.daeploy.manager.api;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard: {@code /} answers the page, {@code /dashboard/<file>} its styles, scripts, icon
 * and log view, all from the {@code dashboard/} folder of the classpath, so the page works
 * offline. Every answer says {@code Cache-Control: no-cache}, so an upgraded manager never runs
 * an old script against a new page.
 *
 * <p>Served by hand rather than by Helidon's static content module: that module answers a
 * revalidation by throwing an exception, which the manager's catch-all error handler would turn
 * into a 500.
 */
public final class DashboardService implements HttpService {

    private static final String FOLDER = "/dashboard/";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9-]+\\.(html|css|js|svg)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(res, "index.html"))
                .get(FOLDER + "{file}", this::file);
    }

    private void file(ServerRequest req, ServerResponse res) {
        send(res, req.path().pathParameters().get("file"));
    }

    private void send(ServerResponse res, String fileName) {
        Matcher name = FILE_NAME.matcher(fileName);
        Optional<byte[]> content = name.matches() ? content(fileName) : Optional.empty();
        if (content.isEmpty()) {
            JsonResponses.error(res, Status.NOT_FOUND_404, "The dashboard has no file " + fileName);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPES.get(name.group(1)));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(content.get());
    }

    /** A file of the dashboard folder, read once; names come only through FILE_NAME, so never from elsewhere. */
    private Optional<byte[]> content(String fileName) {
        byte[] known = loaded.get(fileName);
        if (known != null) {
            return Optional.of(known);
        }
        try (InputStream in = DashboardService.class.getResourceAsStream(FOLDER + fileName)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] read = in.readAllBytes();
            loaded.put(fileName, read);
            return Optional.of(read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
