package io.daeploy.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.core.Deployer;
import io.daeploy.manager.deploy.ApplicationManifest;
import io.daeploy.manager.gateway.ShadowMirror;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /services/~reload}: new code for a deployed version, same name and version ({@code mvn daeploy:dev}).
 * The application is assembled from the content store as an incremental deploy's is, and the answer streams as a
 * deploy's does. A reloaded shadow's comparison starts again from zero: what it shows is the new code's.
 */
public final class ReloadApi implements HttpService {

    private final Deployer deployer;
    private final ShadowMirror mirror;
    private final long maxApplicationBytes;

    /** @param maxApplicationBytes the most an application's files may add up to */
    public ReloadApi(Deployer deployer, ShadowMirror mirror, long maxApplicationBytes) {
        this.deployer = deployer;
        this.mirror = mirror;
        this.maxApplicationBytes = maxApplicationBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/~reload", this::reload);
    }

    /** JSON {@code {name, version, entries}}. */
    private void reload(ServerRequest req, ServerResponse res) {
        JsonNode body = ManifestJson.read(req);
        String name = body.path("name").asText(null);
        String version = body.path("version").asText(null);
        DeployFields.requireNameAndVersion(name, version);
        ApplicationManifest manifest = ApplicationManifest.of(ManifestJson.entries(body), maxApplicationBytes);
        DeployStream.answer(req, res, progress -> {
            ServiceVersion reloaded = deployer.reload(name, version, manifest, progress);
            mirror.forget(name, version);
            return reloaded;
        });
    }
}
