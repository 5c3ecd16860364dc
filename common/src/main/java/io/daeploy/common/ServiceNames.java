package io.daeploy.common;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of service names and versions, shared by the manager (which must refuse bad input)
 * and the plugin (which should say so before uploading anything).
 */
public final class ServiceNames {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(_[a-z0-9]+)*$");
    // Semantic Versioning 2.0.0, the official pattern.
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    private static final int MAX_LENGTH = 63;

    private ServiceNames() {
    }

    /** A problem with the name, or empty when it is valid. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("name is required");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("name '" + name + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("name '" + name + "' is invalid: use lower-case letters, digits and single"
                    + " underscores, not at the start or end (e.g. hello or die_roller)");
        }
        return Optional.empty();
    }

    /** A problem with the version, or empty when it is a semantic version. */
    public static Optional<String> versionProblem(String version) {
        if (version == null || version.isEmpty()) {
            return Optional.of("version is required");
        }
        if (version.length() > MAX_LENGTH || !SEMVER.matcher(version).matches()) {
            return Optional.of("version '" + version + "' is not a semantic version (e.g. 1.0.0, 1.0.0-rc.1, 1.0.0-SNAPSHOT)");
        }
        return Optional.empty();
    }

    /** Turns a Maven artifactId into a default service name: {@code die-roller} becomes {@code die_roller}. */
    public static String fromArtifactId(String artifactId) {
        return artifactId.toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
