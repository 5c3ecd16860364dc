package io.daeploy.manager.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/** Where a request carries its token: {@code Authorization: Bearer ...}, else the {@code daeploy} cookie. */
public final class Credentials {

    public static final String COOKIE = "daeploy";
    private static final String BEARER = "Bearer ";

    private Credentials() {
    }

    public static Optional<String> token(ServerRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(v -> v.substring(BEARER.length()).trim());
        return bearer.isPresent() ? bearer : req.headers().cookies().first(COOKIE).asOptional();
    }
}
