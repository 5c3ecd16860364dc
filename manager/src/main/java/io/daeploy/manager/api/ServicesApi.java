package io.daeploy.manager.api;

import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.errors.DomainException;

import io.daeploy.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.gateway.ShadowMirror;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.core.Deployer;
import io.daeploy.manager.core.Inspector;
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

    private final Deployer deployer;
    private final Inspector inspector;
    private final ShadowMirror mirror;
    private final UploadParser uploads;
    private final Path uploadDir;

    public ServicesApi(Deployer deployer, Inspector inspector, ShadowMirror mirror, UploadParser uploads, Path uploadDir) {
        this.deployer = deployer;
        this.inspector = inspector;
        this.mirror = mirror;
        this.uploads = uploads;
        this.uploadDir = uploadDir;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .delete("/", this::kill)
                .post("/~deploy", this::deploy)
                .post("/~image", this::deployImage)
                .get("/~inspection", this::inspect)
                .put("/~assign", this::assign)
                .put("/~scale", this::scale)
                .put("/~weights", this::weights)
                .get("/~logs", this::logs)
                .get("/~shadow", this::shadow);
    }

    /** A version's output as streamed text; without a version, the main's. */
    private void logs(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid("name is required"));
        Optional<String> version = req.query().first("version").asOptional().filter(v -> !v.isBlank());
        LogQuery query = LogQuery.parse(req.query().first("tail").asOptional(), req.query().first("since").asOptional(),
                                        req.query().first("follow").asOptional());
        ServiceRecord target = inspector.logTarget(name, version.orElse(null));
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.header(io.helidon.http.HeaderNames.CACHE_CONTROL, "no-cache");
        try (java.io.OutputStream out = res.outputStream()) {
            inspector.logs(target, query, out);
        } catch (IOException e) {
            // the reader went away
        }
    }

    private void assign(ServerRequest req, ServerResponse res) {
        JsonNode body = jsonBody(req);
        String name = body == null ? null : body.path("name").asText(null);
        String version = body == null ? null : body.path("version").asText(null);
        if (name == null || version == null) {
            throw DomainException.invalid("name and version are required: {\"name\": \"hello\", \"version\": \"1.0.1\"}");
        }
        List<ServiceVersion> versions = deployer.assign(name, version);
        mirror.forget(name, version);
        JsonResponses.ok(res, versions);
    }

    /** JSON {@code {"name", "version", "replicas"}}: how many instances of a version should run. */
    private void scale(ServerRequest req, ServerResponse res) {
        JsonNode body = jsonBody(req);
        String name = body == null ? null : body.path("name").asText(null);
        String version = body == null ? null : body.path("version").asText(null);
        if (name == null || version == null || body.get("replicas") == null) {
            throw DomainException.invalid("name, version and replicas are required: {\"name\": \"hello\", \"version\": \"1.0.0\","
                    + " \"replicas\": 3}");
        }
        Integer replicas = DeployFields.replicas(body.get("replicas").asText());
        JsonResponses.ok(res, deployer.scale(name, version, replicas));
    }

    /**
     * JSON {@code {"name", "version", "weight", "sticky"}}: the share of a name's requests (percent) a version other than
     * the main answers; answers the name's versions with their shares.
     */
    private void weights(ServerRequest req, ServerResponse res) {
        JsonNode body = jsonBody(req);
        String name = body == null ? null : body.path("name").asText(null);
        String version = body == null ? null : body.path("version").asText(null);
        JsonNode weight = body == null ? null : body.get("weight");
        if (name == null || version == null || weight == null) {
            throw DomainException.invalid("name, version and weight are required: {\"name\": \"hello\", \"version\": \"2.0.0\","
                    + " \"weight\": 25, \"sticky\": false}");
        }
        if (!weight.canConvertToInt() || !weight.isIntegralNumber()) {
            throw DomainException.invalid("Field weight: must be a whole number from 0 to 100, got " + weight);
        }
        JsonNode sticky = body.path("sticky");
        if (!sticky.isMissingNode() && !sticky.isNull() && !sticky.isBoolean()) {
            throw DomainException.invalid("Field sticky: must be true or false, got " + sticky);
        }
        deployer.weights(name, version, weight.intValue(), sticky.asBoolean(false));
        JsonResponses.ok(res, inspector.list().stream().filter(v -> v.name().equals(name)).toList());
    }

    private static JsonNode jsonBody(ServerRequest req) {
        try {
            return Json.mapper().readTree(req.content().inputStream());
        } catch (IOException e) {
            throw DomainException.malformed("Request body is not valid JSON: " + e.getMessage());
        }
    }

    /** Per shadow of a name: mirrored, matched, differed, errors, dropped, latencies, recent differences. */
    private void shadow(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid("name is required"));
        List<ServiceVersion> versions = inspector.list().stream().filter(v -> v.name().equals(name)).toList();
        if (versions.isEmpty()) {
            throw DomainException.notFound("No service named " + name + " is deployed");
        }
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("name", name);
        report.put("main", versions.stream().filter(ServiceVersion::main).map(ServiceVersion::version).findFirst().orElse(null));
        report.put("shadows", mirror.report(name, versions.stream().filter(v -> !v.main()).map(ServiceVersion::version).toList()));
        JsonResponses.ok(res, report);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, inspector.list());
    }

    private void deploy(ServerRequest req, ServerResponse res) {
        UploadParser.Upload upload = uploads.parse(req, uploadDir);
        try {
            String name = upload.fields().get("name");
            String version = upload.fields().get("version");
            DeployFields.requireNameAndVersion(name, version);
            Map<String, String> env = DeployFields.env(upload.fields().get("env"));
            if (upload.file() == null) {
                throw DomainException.invalid("file is required: the application jar, or a zip of it with its libs/ folder");
            }
            DeployOptions options = DeployFields.options(upload.fields()::get);
            Path file = upload.file();
            DeployStream.answer(req, res, progress -> deployer.deploy(name, version, env, file, options, progress));
        } finally {
            UploadParser.deleteQuietly(upload.file());
        }
    }

    /** JSON {@code {"name", "version", "image", "env"}}: runs an existing image (container runtimes only). */
    private void deployImage(ServerRequest req, ServerResponse res) {
        JsonNode body = jsonBody(req);
        if (body == null || !body.isObject()) {
            throw DomainException.invalid("send {\"name\": \"hello\", \"version\": \"1.0.0\", \"image\": \"registry/hello:1.0.0\","
                    + " \"env\": {}}");
        }
        String name = body.path("name").asText(null);
        String version = body.path("version").asText(null);
        String image = body.path("image").asText("");
        DeployFields.requireNameAndVersion(name, version);
        if (image.isBlank()) {
            throw DomainException.invalid("image is required, e.g. registry.example.com/hello:1.0.0");
        }
        Map<String, String> env = DeployFields.env(body.hasNonNull("env") ? body.get("env").toString() : null);
        DeployOptions options = DeployFields.options(field -> body.hasNonNull(field) ? body.get(field).asText() : null);
        DeployStream.answer(req, res, progress -> deployer.deployImage(name, version, env, image.trim(), options, progress));
    }

    private void kill(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid(
                "name is required: DELETE /services/?name=<name>[&version=<version>]"));
        Optional<String> version = req.query().first("version").filter(v -> !v.isBlank());
        boolean keepImage = req.query().first("keepImage").map(Boolean::parseBoolean).orElse(false);
        List<ServiceVersion> killed = deployer.kill(name, version.orElse(null), keepImage);
        killed.forEach(v -> mirror.forget(v.name(), v.version()));
        JsonResponses.ok(res, killed);
    }

    private void inspect(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid("name is required"));
        String version = req.query().first("version").orElseThrow(() -> DomainException.invalid("version is required"));
        JsonResponses.ok(res, inspector.inspect(name, version));
    }
}
