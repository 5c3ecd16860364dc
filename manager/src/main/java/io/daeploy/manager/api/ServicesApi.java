package io.daeploy.manager.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.Json;
import io.daeploy.common.ServiceNames;
import io.daeploy.manager.core.ServiceManager;
import io.daeploy.manager.deploy.UploadParser;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manager's own routes under {@code /services}: list, deploy, kill, inspect. Registered before
 * the gateway so that {@code /services/~...} is never proxied.
 */
public final class ServicesApi implements HttpService {

    private final ServiceManager services;
    private final UploadParser uploads;
    private final Path uploadDir;

    public ServicesApi(ServiceManager services, UploadParser uploads, Path uploadDir) {
        this.services = services;
        this.uploads = uploads;
        this.uploadDir = uploadDir;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .delete("/", this::kill)
                .post("/~deploy", this::deploy)
                .get("/~inspection", this::inspect);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, services.list());
    }

    private void deploy(ServerRequest req, ServerResponse res) {
        UploadParser.Upload upload = uploads.parse(req, uploadDir);
        try {
            String name = upload.fields().get("name");
            String version = upload.fields().get("version");
            ServiceNames.nameProblem(name).ifPresent(problem -> {
                throw ApiException.unprocessable(problem);
            });
            ServiceNames.versionProblem(version).ifPresent(problem -> {
                throw ApiException.unprocessable(problem);
            });
            Map<String, String> env = parseEnv(upload.fields().get("env"));
            if (upload.file() == null) {
                throw ApiException.unprocessable("file is required: the application jar, or a zip of it with its libs/ folder");
            }
            JsonResponses.send(res, Status.CREATED_201, services.deploy(name, version, env, upload.file()));
        } finally {
            UploadParser.deleteQuietly(upload.file());
        }
    }

    private void kill(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> ApiException.unprocessable(
                "name is required: DELETE /services/?name=<name>[&version=<version>]"));
        Optional<String> version = req.query().first("version").filter(v -> !v.isBlank());
        JsonResponses.ok(res, services.kill(name, version.orElse(null)));
    }

    private void inspect(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> ApiException.unprocessable("name is required"));
        String version = req.query().first("version").orElseThrow(() -> ApiException.unprocessable("version is required"));
        JsonResponses.ok(res, services.inspect(name, version));
    }

    private static Map<String, String> parseEnv(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> raw = Json.mapper().readValue(json, new TypeReference<>() { });
            Map<String, String> env = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : raw.entrySet()) {
                if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw ApiException.unprocessable("env has an invalid variable name '" + entry.getKey() + "'");
                }
                if (entry.getValue() instanceof List || entry.getValue() instanceof Map) {
                    throw ApiException.unprocessable("env variable " + entry.getKey() + " must be a string, number or boolean");
                }
                env.put(entry.getKey(), entry.getValue() == null ? "" : String.valueOf(entry.getValue()));
            }
            return env;
        } catch (IOException e) {
            throw ApiException.unprocessable("env must be a JSON object of variable names to values: " + e.getMessage());
        }
    }
}
