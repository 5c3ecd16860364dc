package io.daeploy.manager.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Several managers on one PostgreSQL database: who this one is, how long the leader's lease lasts, and where services
 * reach the installation rather than this one manager.
 *
 * @param managerName this manager's name, unique in the installation: the lease holder, and the name its log is
 *                    asked for by ({@code DAEPLOY_MANAGER_NAME}; the host name)
 * @param lease       how long a leader stays leader without renewing its lease; it renews every third of it, and
 *                    another manager takes over once it expired ({@code DAEPLOY_LEASE_SECONDS}, 10 s)
 * @param frontUrl    the address in front of every manager (a load balancer), given to services as
 *                    {@code DAEPLOY_MANAGER_URL} so that {@code callService} and notifications outlive the manager
 *                    that started them ({@code DAEPLOY_FRONT_URL}; empty: this manager's own address)
 * @param leave       how long a manager told to stop (SIGTERM) keeps serving with its readiness failed, so that a load
 *                    balancer in front takes it out before it stops listening ({@code DAEPLOY_LEAVE_SECONDS}, 0)
 * @param drain       how long requests in flight then have to finish ({@code DAEPLOY_DRAIN_SECONDS}, 30 s)
 */
public record ClusterSettings(String managerName, Duration lease, Optional<URI> frontUrl, Duration leave, Duration drain) {

    private static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$";

    public ClusterSettings {
        if (!managerName.matches(NAME)) {
            throw new IllegalArgumentException("Setting DAEPLOY_MANAGER_NAME must be 1 to 100 letters, digits, '.', '_', ':'"
                    + " or '-', starting with a letter or digit; got '" + managerName + "'");
        }
        if (leave.isNegative() || drain.isNegative()) {
            throw new IllegalArgumentException("Settings DAEPLOY_LEAVE_SECONDS and DAEPLOY_DRAIN_SECONDS must be 0 or more");
        }
        if (lease.toSeconds() < 3) {
            throw new IllegalArgumentException("Setting DAEPLOY_LEASE_SECONDS must be 3 or more (the leader renews its"
                    + " lease every third of it), got " + lease.toSeconds());
        }
    }

    static ClusterSettings from(Function<String, Optional<String>> value) {
        return new ClusterSettings(value.apply("manager-name").map(String::trim).orElseGet(ClusterSettings::hostName),
                                   Duration.ofSeconds(ManagerSettings.integer(value, "lease-seconds", 10)),
                                   value.apply("front-url").map(String::trim).map(ClusterSettings::url),
                                   Duration.ofSeconds(ManagerSettings.integer(value, "leave-seconds", 0)),
                                   Duration.ofSeconds(ManagerSettings.integer(value, "drain-seconds", 30)));
    }

    private static URI url(String raw) {
        try {
            URI url = new URI(raw.replaceFirst("/+$", ""));
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new URISyntaxException(raw, "not an http(s) URL with a host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Setting DAEPLOY_FRONT_URL must be an http(s) URL such as"
                    + " http://daeploy.example.com:8080, got '" + raw + "'");
        }
    }

    /** The machine's name (on Kubernetes, the pod's): unique among managers on different hosts. */
    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && fromEnv.matches(NAME)) {
            return fromEnv;
        }
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            return name.matches(NAME) ? name : "manager";
        } catch (java.net.UnknownHostException e) {
            return "manager";
        }
    }
}
