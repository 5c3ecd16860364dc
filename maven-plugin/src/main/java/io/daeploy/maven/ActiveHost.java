package io.daeploy.maven;

import java.net.URI;
import java.net.URISyntaxException;

/** Which manager a goal talks to, and what a usable manager URL looks like. */
public final class ActiveHost {

    /** The manager a laptop runs by default ({@code java -jar daeploy-manager.jar}). */
    public static final String DEFAULT = "http://127.0.0.1:8080";

    private ActiveHost() {
    }

    /**
     * {@code -Ddaeploy.host} wins, then the active host of the state file, then {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException when the chosen URL is not usable; the message says how to fix it
     */
    public static String resolve(String hostSetting, ClientState state) {
        if (hostSetting != null && !hostSetting.isBlank()) {
            return normalize(hostSetting);
        }
        if (state.activeHost() != null && !state.activeHost().isBlank()) {
            return normalize(state.activeHost());
        }
        return DEFAULT;
    }

    /** Checks an http(s) URL with a host and strips trailing slashes. */
    public static String normalize(String url) {
        String candidate = url.strip();
        while (candidate.endsWith("/")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        if (!candidate.startsWith("http://") && !candidate.startsWith("https://")) {
            throw new IllegalArgumentException(invalid(url, "it must start with http:// or https://"));
        }
        try {
            URI uri = new URI(candidate);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(invalid(url, "it has no host name"));
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(invalid(url, e.getReason()));
        }
        return candidate;
    }

    private static String invalid(String url, String why) {
        return "Invalid manager URL '" + url + "': " + why + ". Pass e.g. -Ddaeploy.host=" + DEFAULT;
    }
}
