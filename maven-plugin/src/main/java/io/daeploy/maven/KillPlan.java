package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;

import java.util.Comparator;
import java.util.List;

/**
 * Which versions a kill touches, in a safe order: per name the shadows go first and the main last,
 * because the manager refuses to kill a main that still has shadows.
 */
public final class KillPlan {

    private KillPlan() {
    }

    /**
     * @param all     every service, ignoring name and version
     * @param name    the service name (used unless {@code all})
     * @param version one version of it, or null for all its versions
     */
    public static List<ServiceVersion> select(List<ServiceVersion> services, boolean all, String name, String version) {
        return services.stream()
                .filter(s -> all || (s.name().equals(name) && (version == null || s.version().equals(version))))
                .sorted(Comparator.comparing(ServiceVersion::name).thenComparing(ServiceVersion::main))
                .toList();
    }
}
