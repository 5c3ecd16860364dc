package io.daeploy.common;

import java.time.Instant;

/**
 * One deployed version of a service, as the manager lists it ({@code GET /services/}).
 *
 * @param name    service name, e.g. {@code hello}
 * @param version semantic version, e.g. {@code 1.0.0}
 * @param main    whether this version answers {@code /services/<name>/...}
 * @param status  starting, running, failed or stopped
 * @param since   when the version entered its current status (UTC)
 * @param image   container image, or null on the process runtime
 * @param reason  why the version failed or stopped, else null
 * @param replicas      how many instances should run (1 unless scaled)
 * @param readyReplicas how many answer now
 * @param weight  the percentage of {@code /services/<name>/...} requests this version answers: the main's 100 less its
 *                canary's, the canary's own, 0 for a shadow
 */
public record ServiceVersion(String name,
                             String version,
                             boolean main,
                             String status,
                             Instant since,
                             String image,
                             String reason,
                             int replicas,
                             int readyReplicas,
                             int weight) {

    /** A version of one instance, ready when running; the main answers all of its name's requests. */
    public ServiceVersion(String name, String version, boolean main, String status, Instant since, String image, String reason) {
        this(name, version, main, status, since, image, reason, 1, "running".equals(status) ? 1 : 0);
    }

    /** Without a canary: the main answers all of its name's requests, shadows none. */
    public ServiceVersion(String name, String version, boolean main, String status, Instant since, String image, String reason,
                          int replicas, int readyReplicas) {
        this(name, version, main, status, since, image, reason, replicas, readyReplicas, main ? 100 : 0);
    }

    /** A version that answers part of its name's requests beside the main. */
    public boolean canary() {
        return !main && weight > 0;
    }

    /** The {@code name_version} form used in gateway paths. */
    public String qualifiedName() {
        return name + "_" + version;
    }
}
