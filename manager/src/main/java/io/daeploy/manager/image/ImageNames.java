package io.daeploy.manager.image;

import java.util.Optional;

/** The image of a service version: {@code daeploy/<name>:<version>}, or {@code <registry>/<name>:<version>}. */
public final class ImageNames {

    private ImageNames() {
    }

    public static String of(String name, String version, Optional<String> registry) {
        return registry.map(r -> r + "/" + name).orElse("daeploy/" + name) + ":" + tag(version);
    }

    /** A Docker tag allows {@code [A-Za-z0-9_.-]}: semantic-version build metadata ({@code +build.1}) becomes {@code _build.1}. */
    static String tag(String version) {
        return version.replace('+', '_');
    }
}
