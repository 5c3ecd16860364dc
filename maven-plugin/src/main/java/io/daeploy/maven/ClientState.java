package io.daeploy.maven;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the plugin remembers between runs (the client state file): the active host and one access token per host.
 *
 * @param activeHost   the manager the goals talk to when no {@code -Ddaeploy.host} is given, or null
 * @param accessTokens bearer token per host URL
 */
public record ClientState(String activeHost, Map<String, String> accessTokens) {

    public ClientState {
        // Sorted so the file diffs cleanly; never null so callers need no checks.
        Map<String, String> sorted = new TreeMap<>();
        if (accessTokens != null) {
            accessTokens.forEach((host, token) -> {
                if (host != null && token != null) {
                    sorted.put(host, token);
                }
            });
        }
        accessTokens = Collections.unmodifiableMap(sorted);
    }

    public static ClientState empty() {
        return new ClientState(null, Map.of());
    }

    public ClientState withActiveHost(String host) {
        return new ClientState(host, accessTokens);
    }

    public ClientState withToken(String host, String token) {
        Map<String, String> tokens = new TreeMap<>(accessTokens);
        tokens.put(host, token);
        return new ClientState(activeHost, tokens);
    }

    /** Forgets the host's token; it stops being the active host if it was. */
    public ClientState withoutHost(String host) {
        Map<String, String> tokens = new TreeMap<>(accessTokens);
        tokens.remove(host);
        return new ClientState(host.equals(activeHost) ? null : activeHost, tokens);
    }

    /** The token stored for a host, or null. */
    public String tokenFor(String host) {
        return accessTokens.get(host);
    }
}
