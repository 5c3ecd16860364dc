package io.daeploy.manager.runtime;

import io.daeploy.manager.api.ApiException;
import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.store.ServiceRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where service versions really run: local JVMs, Docker containers or Kubernetes objects.
 * The manager decides what should run; a runtime only does it and reports what it sees.
 */
public interface ServiceRuntime {

    /** Short name, as in {@code DAEPLOY_RUNTIME}. */
    String name();

    /**
     * Makes what {@link #start} needs from an application stored in {@code appDir} (its {@code app/} folder),
     * before the version is recorded: a container runtime builds its image here. Answers the image
     * reference, or null where there is none. A problem the user can fix (an unknown base image) is an
     * {@link ApiException}, and then nothing is left behind. Build steps go to {@code progress}.
     */
    default String prepare(String name, String version, Path appDir, DeployProgress progress) {
        return null;
    }

    /** Checks that an existing image can run as a service version here, pulling it if needed; answers its reference. */
    default String prepareImage(String image, DeployProgress progress) {
        throw ApiException.unprocessable("Running an existing image needs DAEPLOY_RUNTIME=docker or kubernetes;"
                + " this manager runs DAEPLOY_RUNTIME=" + name() + ": deploy the application itself instead");
    }

    /** Starts a version with the given service environment. Returns once it is launched, not once healthy. */
    Instance start(ServiceRecord record, Map<String, String> serviceEnvironment);

    /** Where to report the restarts the runtime does by itself; a runtime that leaves restarts to the manager has none. */
    default void onOwnRestart(RestartListener listener) {
    }

    /** Re-attaches to a version still running from before a manager restart, if there is one. */
    Optional<Instance> adopt(ServiceRecord record);

    /**
     * Gives a running version the CPU weight of its role: the normal one to the main, a low one to a shadow
     * ({@code DAEPLOY_SHADOW_NICE}), so that copies of traffic run on the CPU the main path leaves idle. Called once a
     * version is healthy and whenever its role changes. A runtime that cannot weigh its instances leaves them as they are.
     */
    default void prioritize(ServiceRecord record) {
    }

    /** Stops a version and waits until it is gone. Stopping what is not running is not an error. */
    void stop(ServiceRecord record);

    /**
     * Removes what {@link #prepare} made for a version that was killed and is stopped: a container runtime
     * removes the image it built (never one deployed by reference) and prunes its build caches.
     */
    default void discard(ServiceRecord record) {
    }

    /** What the runtime knows of one version, for {@code GET /services/~inspection}. */
    Map<String, Object> inspect(ServiceRecord record);

    /**
     * Writes a version's output to {@code out}: the part {@code query} selects, then, when following,
     * new lines until {@code keepFollowing} turns false or the reader leaves (an IOException).
     */
    void logs(ServiceRecord record, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException;

    /** The last lines a version printed, to explain a failure. */
    List<String> recentOutput(ServiceRecord record, int lines);

    /**
     * What keeps this runtime from deploying new versions (a base image that cannot be pulled, say), as the
     * user should read it: shown in the health details and raised as a notification at start. Cheap to call.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Qualified names ({@code name_version}) of the versions this runtime sees running now. */
    List<String> running();
}
