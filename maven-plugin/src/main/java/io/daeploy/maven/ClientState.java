package io.daeploy.maven;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the plugin remembers between runs (the client state file): the hosts it knows, the active one, and an access
 * token per host that needed one (a manager without authentication has none, and is known all the same).
 *
 * @param activeHost   the manager the goals talk to when no {@code -Ddaeploy.host} is given, or null
 * @param hosts        every host logged in to and not logged out of, sorted
 * @param accessTokens bearer token per host URL
 */
public record ClientState(String activeHost, Set<String> hosts, Map<String, String> accessTokens) {

    public ClientState {
        // Sorted so the file diffs cleanly and the numbers login offers stay put; never null so callers need no checks.
        Map<String, String> sortedTokens = new TreeMap<>();
        if (accessTokens != null) {
            accessTokens.forEach((host, token) -> {
                if (host != null && token != null) {
                    sortedTokens.put(host, token);
                }
            });
        }
        // A file written before hosts were listed knows its hosts by their tokens and the active one.
        Set<String> known = new TreeSet<>(sortedTokens.keySet());
        if (hosts != null) {
            hosts.stream().filter(h -> h != null && !h.isBlank()).forEach(known::add);
        }
        if (activeHost != null && !activeHost.isBlank()) {
            known.add(activeHost);
        }
        hosts = Collections.unmodifiableSet(known);
        accessTokens = Collections.unmodifiableMap(sortedTokens);
    }

    public static ClientState empty() {
        return new ClientState(null, Set.of(), Map.of());
    }

    /** Makes a host the active one, and so a known one. */
    public ClientState withActiveHost(String host) {
        return new ClientState(host, hosts, accessTokens);
    }

    public ClientState withToken(String host, String token) {
        Map<String, String> tokens = new TreeMap<>(accessTokens);
        tokens.put(host, token);
        return new ClientState(activeHost, hosts, tokens);
    }

    /** Forgets a host and its token; it stops being the active host if it was. */
    public ClientState withoutHost(String host) {
        Set<String> known = new TreeSet<>(hosts);
        known.remove(host);
        Map<String, String> tokens = new TreeMap<>(accessTokens);
        tokens.remove(host);
        return new ClientState(host.equals(activeHost) ? null : activeHost, known, tokens);
    }

    public boolean knows(String host) {
        return hosts.contains(host);
    }

    /** The token stored for a host, or null. */
    public String tokenFor(String host) {
        return accessTokens.get(host);
    }
}
