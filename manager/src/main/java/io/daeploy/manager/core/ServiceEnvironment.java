package io.daeploy.manager.core;

import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.store.ServiceRecord;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a version runs with: the user's variables, then the manager's contract (DESIGN.md, "Service
 * contract"): where the manager is, who the service is, and its token when authentication is on.
 */
public final class ServiceEnvironment {

    private final Authentication authentication;
    private volatile URI managerUrl = URI.create("http://127.0.0.1:8080");

    public ServiceEnvironment(Authentication authentication) {
        this.authentication = authentication;
    }

    /** Where services reach the manager's gateway; known once the server listens. */
    public void managerUrl(URI url) {
        this.managerUrl = url;
    }

    public Map<String, String> of(ServiceRecord record) {
        Map<String, String> env = new HashMap<>(record.env());
        env.put("DAEPLOY_MANAGER_URL", managerUrl.toString());
        env.put("DAEPLOY_SERVICE_NAME", record.name());
        env.put("DAEPLOY_SERVICE_VERSION", record.version());
        authentication.serviceToken(record.qualifiedName()).ifPresent(token -> env.put("DAEPLOY_SERVICE_TOKEN", token));
        return env;
    }

    /** A killed version's token is good for nothing any more. */
    public void forget(ServiceRecord record) {
        authentication.revokeServiceToken(record.qualifiedName());
    }
}
