package io.daeploy.manager.api.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Browsers get pages and redirects from the auth routes; API clients (the plugin, scripts) get JSON or a status. */
final class Browser {

    private Browser() {
    }

    /** True when the caller accepts HTML, as a browser navigating does. */
    static boolean asksForPage(ServerRequest req) {
        return req.headers().first(HeaderNames.ACCEPT).map(accept -> accept.contains("text/html")).orElse(false);
    }
}
