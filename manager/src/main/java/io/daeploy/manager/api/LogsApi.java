package io.daeploy.manager.api;

import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.logs.LogStreamer;
import io.daeploy.manager.logs.LogQuery;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /logs/}: the manager's own log, with tail, since and follow; where several managers share a data directory,
 * another one's with {@code manager=<name>}, and whose it is in {@code X-Daeploy-Manager}.
 */
public final class LogsApi implements HttpService {

    private static final io.helidon.http.HeaderName MANAGER = io.helidon.http.HeaderNames.create("X-Daeploy-Manager");

    private final ManagerLog log;

    public LogsApi(ManagerLog log) {
        this.log = log;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::logs);
    }

    private void logs(ServerRequest req, ServerResponse res) {
        LogQuery query = LogQuery.parse(req.query().first("tail").asOptional(), req.query().first("since").asOptional(),
                                        req.query().first("follow").asOptional());
        ManagerLog whose = req.query().first("manager").asOptional().map(log::of).orElse(log);
        whose.name().ifPresent(name -> res.header(MANAGER, name));
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = res.outputStream()) {
            LogStreamer.stream(whose.files(), query, out, () -> true);
        } catch (IOException e) {
            // the reader went away: nothing more to send
        }
    }
}
