package io.daeploy.manager.store;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One deployed version as the store keeps it: what should be, and what was last observed.
 *
 * @param main        desired: the main of its name (the others are shadows)
 * @param image       desired: the image to run, where the runtime uses images
 * @param env         desired: the user's environment variables
 * @param generation  desired: bumped on every change of what should be (a new role, a kill)
 * @param replicas    desired: how many instances should run
 * @param cpu         desired: CPU request of each instance, as Kubernetes writes it; null for the manager's default
 * @param memory      desired: memory request and limit of each instance; null for the manager's default
 * @param terminating desired: killed; the reconciler removes what runs, then the record
 * @param keepImage   desired: when killed, the image built for it stays
 * @param weight      desired: the percentage of its name's requests a version other than the main answers (a canary)
 * @param sticky      desired: a client keeps the version it got, by a cookie, until the weight changes
 * @param idleTimeout desired: stopped after serving no request for this long (scale to zero); zero: never
 * @param asleep      desired: stopped for being idle; the next request to it wakes it
 * @param revision    desired: which code of the version should run: 0 as deployed, then one more per reload
 * @param status      observed: starting, running, degraded, failed or stopped
 * @param reason      observed: why it is not running, where it is not
 * @param since       observed: when the status last changed
 * @param restarts    observed: restarts after crashes in the current window of the supervisor
 * @param runtimeRef  observed: the runtime's own reference to what runs (only the runtime reads it)
 */
public record ServiceRecord(String name,
                            String version,
                            boolean main,
                            String image,
                            Map<String, String> env,
                            Instant created,
                            long generation,
                            int replicas,
                            String cpu,
                            String memory,
                            boolean terminating,
                            boolean keepImage,
                            int weight,
                            boolean sticky,
                            Duration idleTimeout,
                            boolean asleep,
                            int revision,
                            Status status,
                            String reason,
                            Instant since,
                            int restarts,
                            String runtimeRef) {

    /** A version just deployed: one instance, to be started. */
    public static ServiceRecord deployed(String name, String version, boolean main, String image, Map<String, String> env) {
        return deployed(name, version, main, image, env, 1, null, null, Duration.ZERO);
    }

    /** A version just deployed with instances, CPU or memory of its own. */
    public static ServiceRecord deployed(String name, String version, boolean main, String image, Map<String, String> env,
                                         int replicas, String cpu, String memory, Duration idleTimeout) {
        Instant now = now();
        return new ServiceRecord(name, version, main, image, Map.copyOf(env), now, 1, replicas, cpu, memory, false, false, 0, false,
                                 idleTimeout, false, 0, Status.STARTING, null, now, 0, null);
    }

    public String qualifiedName() {
        return name + "_" + version;
    }

    public ServiceVersion toServiceVersion() {
        return toServiceVersion(status == Status.RUNNING ? replicas : 0);
    }

    /** As listed, with how many instances answer now. */
    public ServiceVersion toServiceVersion(int readyReplicas) {
        return toServiceVersion(readyReplicas, main ? 100 : weight);
    }

    /** As listed, with the share of its name's requests it answers now (the main's depends on its canary). */
    public ServiceVersion toServiceVersion(int readyReplicas, int share) {
        return new ServiceVersion(name, version, main, status.wire(), since, image, reason, replicas, readyReplicas, share);
    }

    /** Whether it is stopped after its idle time-out (scale to zero). */
    public boolean scalesToZero() {
        return !idleTimeout.isZero();
    }

    /** A version other than the main that answers a share of its name's requests. */
    public boolean canary() {
        return !main && weight > 0;
    }

    /** Now, at the precision the database keeps, so a stored record reads back equal. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The same with another observed status; {@code since} moves only when the status does. */
    public ServiceRecord observed(Status newStatus, String newReason) {
        Instant newSince = newStatus == status ? since : now();
        return new ServiceRecord(name, version, main, image, env, created, generation, replicas, cpu, memory, terminating, keepImage,
                                 weight, sticky, idleTimeout, asleep, revision, newStatus, newReason, newSince, restarts, runtimeRef);
    }

    public ServiceRecord withRuntimeRef(String ref) {
        return new ServiceRecord(name, version, main, image, env, created, generation, replicas, cpu, memory, terminating, keepImage,
                                 weight, sticky, idleTimeout, asleep, revision, status, reason, since, restarts, ref);
    }

    public ServiceRecord withRestarts(int count) {
        return new ServiceRecord(name, version, main, image, env, created, generation, replicas, cpu, memory, terminating, keepImage,
                                 weight, sticky, idleTimeout, asleep, revision, status, reason, since, count, runtimeRef);
    }
}
