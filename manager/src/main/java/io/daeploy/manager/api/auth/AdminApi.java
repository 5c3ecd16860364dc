package io.daeploy.manager.api.auth;

import io.daeploy.manager.auth.UserService;
import io.daeploy.manager.auth.TokenService;
import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Map;

/** {@code /admin/user/...}: the admin lists, adds and removes users and changes their passwords. */
public final class AdminApi implements HttpService {

    private final UserService users;
    private final TokenService tokens;

    AdminApi(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/user/", (req, res) -> JsonResponses.ok(res, users.names()))
                .post("/user/{name}", this::add)
                .put("/user/{name}", this::changePassword)
                .delete("/user/{name}", this::remove);
    }

    private void add(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        users.add(name, password(req));
        JsonResponses.send(res, Status.CREATED_201, Map.of("added", name));
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        users.changePassword(name, password(req));
        JsonResponses.ok(res, Map.of("changed", name));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        users.remove(name);
        tokens.revokeAll(name);
        JsonResponses.ok(res, Map.of("removed", name));
    }

    private static String password(ServerRequest req) {
        try {
            JsonNode body = Json.mapper().readTree(req.content().inputStream());
            JsonNode password = body == null ? null : body.get("password");
            if (password == null || !password.isTextual()) {
                throw DomainException.invalid("password is required: {\"password\": \"...\"}");
            }
            return password.asText();
        } catch (IOException e) {
            throw DomainException.malformed("Request body is not valid JSON: " + e.getMessage());
        }
    }
}
