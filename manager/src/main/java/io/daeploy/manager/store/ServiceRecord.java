package io.daeploy.manager.store;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Status;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * What the manager keeps about one deployed version: the public {@link ServiceVersion} fields plus
 * what a runtime needs to find or restart it.
 */
public record ServiceRecord(String name,
                            String version,
                            boolean main,
                            Status status,
                            Instant since,
                            String image,
                            String reason,
                            Integer port,
                            Long pid,
                            Path appDir,
                            Map<String, String> env,
                            Instant created) {

    public String qualifiedName() {
        return name + "_" + version;
    }

    public ServiceVersion toServiceVersion() {
        return new ServiceVersion(name, version, main, status.wire(), since, image, reason);
    }

    /** Now, at the precision the database keeps, so a stored record reads back equal. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public ServiceRecord withStatus(Status newStatus, String newReason) {
        return new ServiceRecord(name, version, main, newStatus, now(), image, newReason, port, pid, appDir, env, created);
    }

    public ServiceRecord withEndpoint(Integer newPort, Long newPid) {
        return new ServiceRecord(name, version, main, status, since, image, reason, newPort, newPid, appDir, env, created);
    }
}
