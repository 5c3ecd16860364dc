package io.daeploy.manager.core.leader;

import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.runtime.Observation;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.VersionSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A runtime whose actions (start, stop, replace, scale, weigh, discard) first check that this manager leads: a deposed
 * leader, paused past its lease and resumed, starts and stops nothing ({@link NotLeader}). What only reads or prepares
 * (observe, logs, image builds of a deploy) any manager may do.
 */
public final class LeaderOnlyRuntime implements ServiceRuntime {

    private final ServiceRuntime runtime;
    private final Leadership leadership;

    public LeaderOnlyRuntime(ServiceRuntime runtime, Leadership leadership) {
        this.runtime = runtime;
        this.leadership = leadership;
    }

    private void mustLead() {
        leadership.fence();
    }

    @Override
    public Ensured ensure(VersionSpec spec, String ref) {
        mustLead();
        return runtime.ensure(spec, ref);
    }

    @Override
    public void delete(VersionSpec spec, String ref) {
        mustLead();
        runtime.delete(spec, ref);
    }

    @Override
    public void replace(VersionSpec spec, String ref) {
        mustLead();
        runtime.replace(spec, ref);
    }

    @Override
    public void sleep(VersionSpec spec, String ref) {
        mustLead();
        runtime.sleep(spec, ref);
    }

    @Override
    public void scale(VersionSpec spec, String ref) {
        mustLead();
        runtime.scale(spec, ref);
    }

    @Override
    public void prioritize(VersionSpec spec, String ref) {
        mustLead();
        runtime.prioritize(spec, ref);
    }

    @Override
    public void discard(VersionSpec spec) {
        mustLead();
        runtime.discard(spec);
    }

    @Override
    public String name() {
        return runtime.name();
    }

    @Override
    public boolean restartsCrashedInstances() {
        return runtime.restartsCrashedInstances();
    }

    @Override
    public void events(Consumer<RuntimeEvent> listener) {
        runtime.events(listener);
    }

    @Override
    public String prepare(String name, String version, Path appDir, DeployProgress progress) {
        return runtime.prepare(name, version, appDir, progress);
    }

    @Override
    public String prepareImage(String image, DeployProgress progress) {
        return runtime.prepareImage(image, progress);
    }

    @Override
    public void checkResources(int replicas, String cpu, String memory) {
        runtime.checkResources(replicas, cpu, memory);
    }

    @Override
    public Observation observe(VersionSpec spec, String ref) {
        return runtime.observe(spec, ref);
    }

    @Override
    public boolean replacesWithoutGap() {
        return runtime.replacesWithoutGap();
    }

    @Override
    public Map<String, Object> inspect(VersionSpec spec, String ref) {
        return runtime.inspect(spec, ref);
    }

    @Override
    public void logs(VersionSpec spec, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        runtime.logs(spec, query, out, keepFollowing);
    }

    @Override
    public List<String> recentOutput(VersionSpec spec, int lines) {
        return runtime.recentOutput(spec, lines);
    }

    @Override
    public List<String> running() {
        return runtime.running();
    }

    @Override
    public Optional<String> problem() {
        return runtime.problem();
    }

    @Override
    public Optional<String> caveat() {
        return runtime.caveat();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
