package io.daeploy.manager.https;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The http-01 challenges under way: what {@code /.well-known/acme-challenge/<token>} answers while the CA validates. */
public final class Http01Tokens {

    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    void offer(String token, String authorization) {
        authorizations.put(token, authorization);
    }

    void withdraw(String token) {
        authorizations.remove(token);
    }

    public Optional<String> answer(String token) {
        return Optional.ofNullable(authorizations.get(token));
    }
}
