package io.daeploy.manager.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Supplier;

/** {@code /~version} and {@code /openapi} (the manager's own API description). */
public final class ManagerInfoApi implements HttpService {

    private final String version;
    private final Supplier<byte[]> openApi;
    private volatile byte[] document;

    /** @param openApi the document, asked for at the first request: by then every route is registered */
    public ManagerInfoApi(String version, Supplier<byte[]> openApi) {
        this.version = version;
        this.openApi = openApi;
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
        byte[] made = document;
        if (made == null) {
            made = openApi.get();
            document = made;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(made);
    }
}
