package io.daeploy.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.DeployOptions;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.content.Sha256;
import io.daeploy.manager.core.Deployer;
import io.daeploy.manager.deploy.ApplicationManifest;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * Incremental deploys, by content: which of an application's files the manager's content store lacks, the upload of
 * each missing content, then the deploy of a version the manager assembles from the store, answered as
 * {@code POST /services/~deploy} answers. That whole-archive upload stays for other clients.
 */
public final class IncrementalDeployApi implements HttpService {

    private final Deployer deployer;
    private final ContentStore content;
    private final long maxBlobBytes;
    private final long maxApplicationBytes;

    /**
     * @param maxBlobBytes        the largest file accepted (as the largest whole-archive upload)
     * @param maxApplicationBytes the most an application's files may add up to
     */
    public IncrementalDeployApi(Deployer deployer, ContentStore content, long maxBlobBytes, long maxApplicationBytes) {
        this.deployer = deployer;
        this.content = content;
        this.maxBlobBytes = maxBlobBytes;
        this.maxApplicationBytes = maxApplicationBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/~blobs/missing", this::missing)
                .put("/~blobs/{sha256}", this::upload)
                .post("/~deploy/manifest", this::deploy);
    }

    /** JSON {@code {"entries": [{path, sha256, size}]}}: answers {@code {"missing": [sha256...]}}, each content once. */
    private void missing(ServerRequest req, ServerResponse res) {
        ApplicationManifest manifest = ApplicationManifest.of(ManifestJson.entries(ManifestJson.read(req)), maxApplicationBytes);
        JsonResponses.ok(res, Map.of("missing", manifest.missingIn(content)));
    }

    /**
     * The bytes of one content, {@code ?size=} of them ({@code &path=} names the file in messages): 201 when stored,
     * 200 when the store had it, 422 when they are not what the manifest says (nothing is kept).
     */
    private void upload(ServerRequest req, ServerResponse res) {
        String sha256 = req.path().pathParameters().get("sha256");
        if (!Sha256.isDigest(sha256)) {
            throw DomainException.invalid("'" + sha256 + "' is not a SHA-256: 64 lower-case hexadecimal digits");
        }
        String sizeText = req.query().first("size").orElseThrow(() -> DomainException.invalid(
                "size is required: PUT /services/~blobs/<sha256>?size=<bytes>, the size the manifest gives the file"));
        long size;
        try {
            size = Long.parseLong(sizeText.trim());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("size must be a whole number of bytes, got '" + sizeText + "'");
        }
        if (size < 0) {
            throw DomainException.invalid("size must be 0 or more, got " + size);
        }
        if (size > maxBlobBytes) {
            throw DomainException.tooLarge("a file of " + size + " bytes is larger than the limit of "
                    + maxBlobBytes / (1024 * 1024) + " MB (DAEPLOY_MAX_UPLOAD_MB)");
        }
        String what = req.query().first("path").asOptional().filter(path -> !path.isBlank())
                .map(path -> "Entry " + path + " (sha256 " + sha256 + ")").orElse("Content sha256 " + sha256);
        boolean stored = content.put(sha256, size, req.content().inputStream(), what);
        JsonResponses.send(res, stored ? Status.CREATED_201 : Status.OK_200, Map.of("sha256", sha256, "size", size));
    }

    /**
     * JSON {@code {name, version, env, replicas, cpu, memory, entries}}: deploys the version assembled from the content
     * store, streamed as {@code ~deploy} on request.
     */
    private void deploy(ServerRequest req, ServerResponse res) {
        JsonNode body = ManifestJson.read(req);
        String name = body.path("name").asText(null);
        String version = body.path("version").asText(null);
        DeployFields.requireNameAndVersion(name, version);
        Map<String, String> env = DeployFields.env(body.hasNonNull("env") ? body.get("env").toString() : null);
        DeployOptions options = DeployFields.options(field -> body.hasNonNull(field) ? body.get(field).asText() : null);
        ApplicationManifest manifest = ApplicationManifest.of(ManifestJson.entries(body), maxApplicationBytes);
        DeployStream.answer(req, res, progress -> deployer.deployManifest(name, version, env, manifest, options, progress));
    }
}
