package io.daeploy.manager.runtime;

import io.daeploy.manager.deploy.VersionFolders;

import java.nio.file.Path;
import java.util.Map;

/**
 * What should run for one version, in the terms a runtime needs: the desired state of the store plus the service
 * environment the manager gives it.
 *
 * @param main        the main of its name (the others are shadows): a runtime may weigh shadows lower
 * @param appDir      the version's folder: {@code app/} holds the uploaded application, {@code logs/} its output
 * @param image       the image to run, where the runtime uses images; null for the process runtime
 * @param environment the service environment: the user's variables and the manager's {@code DAEPLOY_*}
 * @param replicas    how many instances should run
 * @param generation  bumped on every change of what should run, so that a runtime can tell an old instance
 * @param cpu         CPU request of each instance, or null for the runtime's default
 * @param memory      memory of each instance, or null for the runtime's default
 * @param answering   it answers callers' requests: the main, or a canary with a share of them (a runtime weighs it as
 *                    the main); a shadow only answers copies
 * @param revision    which code of the version runs: 0 as deployed ({@code app/}), then one more per reload
 *                    ({@code app-<revision>/}, see {@link #applicationDir})
 */
public record VersionSpec(String name, String version, boolean main, Path appDir, String image,
                          Map<String, String> environment, int replicas, long generation, String cpu, String memory,
                          boolean answering, int revision) {

    public VersionSpec(String name, String version, boolean main, Path appDir, String image,
                       Map<String, String> environment, int replicas, long generation, String cpu, String memory,
                       boolean answering) {
        this(name, version, main, appDir, image, environment, replicas, generation, cpu, memory, answering, 0);
    }

    public VersionSpec(String name, String version, boolean main, Path appDir, String image,
                       Map<String, String> environment, int replicas, long generation) {
        this(name, version, main, appDir, image, environment, replicas, generation, null, null);
    }

    public VersionSpec(String name, String version, boolean main, Path appDir, String image,
                       Map<String, String> environment, int replicas, long generation, String cpu, String memory) {
        this(name, version, main, appDir, image, environment, replicas, generation, cpu, memory, main);
    }

    public VersionSpec {
        environment = Map.copyOf(environment);
    }

    /** The same with another number of instances (0: asleep). */
    public VersionSpec withReplicas(int count) {
        return new VersionSpec(name, version, main, appDir, image, environment, count, generation, cpu, memory, answering,
                               revision);
    }

    /** The same running another revision of its code. */
    public VersionSpec withRevision(int other) {
        return new VersionSpec(name, version, main, appDir, image, environment, replicas, generation, cpu, memory, answering,
                               other);
    }

    /** The folder of the application of {@code revision}, inside the version's folder. */
    public static Path applicationDir(Path appDir, int revision) {
        return VersionFolders.applicationDir(appDir, revision);
    }

    /** The folder of the application that should run. */
    public Path applicationDir() {
        return applicationDir(appDir, revision);
    }

    public String qualifiedName() {
        return name + "_" + version;
    }
}
