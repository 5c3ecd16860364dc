package io.daeploy.manager.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code /~version} and {@code /openapi} (the manager's own API description). */
public final class ManagerInfoApi implements HttpService {

    private final String version;
    private final byte[] openApi;

    public ManagerInfoApi(String version) {
        this.version = version;
        this.openApi = resource("/openapi.json");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/~version", this::version)
                .get("/openapi", this::openApi);
    }

    private void version(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.send(version);
    }

    private void openApi(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(openApi);
    }

    private static byte[] resource(String path) {
        try (InputStream in = ManagerInfoApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
