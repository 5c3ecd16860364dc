package io.daeploy.manager.runtime;

import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.logs.LogQuery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Where service versions really run: local JVMs, Docker containers, Kubernetes objects. The manager's store says what
 * should run; a runtime makes it so through idempotent calls ({@link #ensure}, {@link #delete}), says what it sees
 * ({@link #observe}) and reports what happens as {@link RuntimeEvent}s. It owns readiness: it probes its instances, or
 * lets its engine do so. It decides nothing else: whether a crashed version is started again is the manager's call,
 * unless the runtime {@linkplain #restartsCrashedInstances restarts instances itself}.
 */
public interface ServiceRuntime {

    /** Short name, as in {@code DAEPLOY_RUNTIME}. */
    String name();

    /**
     * Whether this runtime starts a crashed instance again by itself, for good (an engine with its own restart policy
     * and probes). Where it does not, a ready instance that ends is an {@link RuntimeEvent.Exited} and the manager's
     * supervisor applies its back-off.
     */
    boolean restartsCrashedInstances();

    /** Where events go; called once, before anything is ensured. */
    void events(Consumer<RuntimeEvent> listener);

    /**
     * Makes what {@link #ensure} needs from an application stored in {@code appDir} (its {@code app/} folder), before
     * the version is recorded: a container runtime builds its image here. Answers the image reference, or null where
     * there is none. A problem the user can fix (an unknown base image) is a {@link DomainException}, and then nothing
     * is left behind. Build steps go to {@code progress}.
     */
    default String prepare(String name, String version, Path appDir, DeployProgress progress) {
        return null;
    }

    /** Checks that an existing image can run as a service version here, pulling it if needed; answers its reference. */
    default String prepareImage(String image, DeployProgress progress) {
        throw DomainException.invalid("Running an existing image needs DAEPLOY_RUNTIME=docker or kubernetes;"
                + " this manager runs DAEPLOY_RUNTIME=" + name() + ": deploy the application itself instead");
    }

    /**
     * Refuses, before anything is stored, instances, CPU or memory this runtime cannot give: a
     * {@link DomainException} naming the field. {@code cpu} and {@code memory} are null for the defaults.
     */
    default void checkResources(int replicas, String cpu, String memory) {
        if (replicas != 1) {
            throw DomainException.invalid("Field replicas: " + replicas + " instances of a version need"
                    + " DAEPLOY_RUNTIME=kubernetes; this manager runs DAEPLOY_RUNTIME=" + name() + ", one instance per version");
        }
        if (cpu != null || memory != null) {
            throw DomainException.invalid("Field " + (cpu != null ? "cpu" : "memory") + ": CPU and memory per version need"
                    + " DAEPLOY_RUNTIME=kubernetes; this manager runs DAEPLOY_RUNTIME=" + name()
                    + (name().equals("docker") ? " (DAEPLOY_SERVICE_MEMORY_MB limits every container)" : ""));
        }
    }

    /**
     * Makes a version that runs (or starts) run {@code spec.replicas()} instances and show its role where the runtime
     * shows roles; safe to call again. A runtime of one instance per version has nothing to do.
     */
    default void scale(VersionSpec spec, String ref) {
    }

    /** What runs of a version now, as this runtime tracks it. Cheap: no engine call where it can be helped. */
    Observation observe(VersionSpec spec, String ref);

    /**
     * Makes {@code spec} run; safe to call again and again. Takes on an instance that runs already (found by
     * {@code ref}, which may be stale, or by its labels) where it answers, else launches one. Returns once launched;
     * readiness and failures follow as events. The manager calls it for one version at a time, and for different
     * versions at the same time: a slow launch of one must not hold up another.
     */
    Ensured ensure(VersionSpec spec, String ref);

    /** What {@link #ensure} did. */
    enum Ensured {
        /** it was tracked already: nothing to do */
        ALREADY_RUNNING,
        /** an instance that ran without this runtime knowing (from before a manager restart) was taken on */
        ADOPTED,
        /** a new instance was launched */
        STARTED
    }

    /** Stops every instance of a version and waits until they are gone. Safe when nothing runs. */
    void delete(VersionSpec spec, String ref);

    /**
     * Makes a running version run the code of {@code spec.revision()} instead (a reload: same name and version, new
     * code), without a gap where the runtime can: a new instance starts beside the one that runs, takes the traffic
     * once it answers its health check ({@link RuntimeEvent.Ready} with the new endpoints), and the old one stops
     * after. When the new one does not become ready, the old one keeps serving and the runtime reports
     * {@link RuntimeEvent.ReloadFailed}. Safe to call again while the new code starts. This default stops what runs and
     * starts the new code: requests in between find no instance.
     */
    default void replace(VersionSpec spec, String ref) {
        delete(spec, ref);
        ensure(spec, ref);
    }

    /** Whether {@link #replace} moves the traffic without a gap: reloads ({@code daeploy:dev}) need it. */
    default boolean replacesWithoutGap() {
        return false;
    }

    /**
     * Stops every instance of a version that is idle (scale to zero) and may be woken by {@link #ensure} or
     * {@link #scale}: what the runtime needs to start it again quickly stays. Safe to call again.
     */
    default void sleep(VersionSpec spec, String ref) {
        delete(spec, ref);
    }

    /**
     * Gives a running version the CPU weight of its role: the normal one to the main, a low one to a shadow
     * ({@code DAEPLOY_SHADOW_NICE}), so that copies of traffic run on the CPU the main path leaves idle. Safe to call
     * again. A runtime that cannot weigh its instances leaves them as they are.
     */
    default void prioritize(VersionSpec spec, String ref) {
    }

    /**
     * Removes what {@link #prepare} made for a version that was killed and is stopped: a container runtime removes
     * the image it built (never one deployed by reference) and prunes its build caches.
     */
    default void discard(VersionSpec spec) {
    }

    /** What the runtime knows of one version, for {@code GET /services/~inspection}. */
    Map<String, Object> inspect(VersionSpec spec, String ref);

    /**
     * Writes a version's output to {@code out}: the part {@code query} selects, then, when following, new lines until
     * {@code keepFollowing} turns false or the reader leaves (an IOException).
     */
    void logs(VersionSpec spec, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException;

    /** The last lines a version printed, to explain a failure. */
    List<String> recentOutput(VersionSpec spec, int lines);

    /** Qualified names ({@code name_version}) of the versions this runtime sees running, tracked or not. */
    List<String> running();

    /**
     * What keeps this runtime from deploying new versions (a base image that cannot be pulled, say), as the user
     * should read it: shown in the health details and raised as a notification at start. Cheap to call.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * What the user should know of how this runtime runs services, though nothing keeps it from deploying: services
     * that can read the manager's files, say. Logged by the runtime and raised as a notification at start.
     */
    default Optional<String> caveat() {
        return Optional.empty();
    }

    /** Lets go of connections and watches when the manager stops; what runs keeps running. */
    default void close() {
    }
}
