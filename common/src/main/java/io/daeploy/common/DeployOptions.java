package io.daeploy.common;

/**
 * How a version should run beyond its application: each field null for the manager's default.
 *
 * @param replicas how many instances (the kubernetes runtime; elsewhere one)
 * @param cpu      CPU request as Kubernetes writes it, e.g. {@code 250m} or {@code 0.5}
 * @param memory      memory request and limit as Kubernetes writes it, e.g. {@code 512Mi}
 * @param idleTimeout stop the version after it served no request for this long, e.g. {@code 10m}, {@code 90s} or
 *                    {@code off} (scale to zero; the next request starts it again)
 */
public record DeployOptions(Integer replicas, String cpu, String memory, String idleTimeout) {

    public static final DeployOptions DEFAULTS = new DeployOptions(null, null, null, null);

    public DeployOptions(Integer replicas, String cpu, String memory) {
        this(replicas, cpu, memory, null);
    }

    public boolean isDefault() {
        return replicas == null && cpu == null && memory == null && idleTimeout == null;
    }
}
