package io.daeploy.common;

/**
 * How a version should run beyond its application: each field null for the manager's default.
 *
 * @param replicas how many instances (the kubernetes runtime; elsewhere one)
 * @param cpu      CPU request as Kubernetes writes it, e.g. {@code 250m} or {@code 0.5}
 * @param memory   memory request and limit as Kubernetes writes it, e.g. {@code 512Mi}
 */
public record DeployOptions(Integer replicas, String cpu, String memory) {

    public static final DeployOptions DEFAULTS = new DeployOptions(null, null, null);

    public boolean isDefault() {
        return replicas == null && cpu == null && memory == null;
    }
}
