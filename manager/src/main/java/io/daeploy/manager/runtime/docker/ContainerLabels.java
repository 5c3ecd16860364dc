package io.daeploy.manager.runtime.docker;

import io.daeploy.manager.runtime.VersionSpec;

import java.util.Map;
import java.util.Optional;

/**
 * How a service version's container is named and labelled, and how one is recognised after a restart:
 * {@code daeploy-<name>-<version>} with {@code daeploy.type=service}, {@code daeploy.name}, {@code daeploy.version}.
 */
final class ContainerLabels {

    static final String TYPE = "daeploy.type";
    static final String NAME = "daeploy.name";
    static final String VERSION = "daeploy.version";
    static final String SERVICE = "service";

    private ContainerLabels() {
    }

    static Map<String, String> of(VersionSpec record) {
        return Map.of(TYPE, SERVICE, NAME, record.name(), VERSION, record.version());
    }

    /**
     * Docker allows {@code [a-zA-Z0-9][a-zA-Z0-9_.-]}: a build-metadata {@code +} becomes {@code _}. The code of a
     * reload ({@code daeploy:dev}) runs in a container of its own beside the one it replaces: {@code -r<revision>}.
     */
    static String containerName(VersionSpec record) {
        return "daeploy-" + record.name() + "-" + record.version().replace('+', '_')
                + (record.revision() == 0 ? "" : "-r" + record.revision());
    }

    /** The name other containers on the network use: without dots, which a resolver would take for domains. */
    static String hostName(VersionSpec record) {
        return containerName(record).replace('.', '-').replace('_', '-');
    }

    /** {@code name_version} of a service container, from its labels. */
    static Optional<String> qualifiedName(Map<String, String> labels) {
        if (labels == null || !SERVICE.equals(labels.get(TYPE)) || labels.get(NAME) == null || labels.get(VERSION) == null) {
            return Optional.empty();
        }
        return Optional.of(labels.get(NAME) + "_" + labels.get(VERSION));
    }

    static boolean belongsTo(Map<String, String> labels, VersionSpec record) {
        return qualifiedName(labels).map(record.qualifiedName()::equals).orElse(false);
    }
}
