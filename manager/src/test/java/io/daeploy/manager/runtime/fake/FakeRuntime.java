package io.daeploy.manager.runtime.fake;

import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.runtime.Observation;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.VersionSpec;

import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A runtime in memory, for the tests of the core: instances are entries of a map, readiness and crashes happen when a
 * test says so (or at once, where it asks for that), and events can be dropped on purpose. "Machines" outlive a
 * manager: give the same {@link Machine} to the runtimes of two managers one after the other, as a restart would.
 */
public final class FakeRuntime implements ServiceRuntime {

    /** What runs, independent of any manager: instances by ref, as processes would outlive the manager. */
    public static final class Machine {
        final Map<String, Instance> instances = new ConcurrentHashMap<>();
        final AtomicInteger refs = new AtomicInteger();

        /** An instance of a version that runs already, as one a manager launched before it restarted; answers its ref. */
        public String launchedBefore(String name, String version) {
            int n = refs.incrementAndGet();
            VersionSpec spec = new VersionSpec(name, version, false, java.nio.file.Path.of("/nowhere"), null, Map.of(), 1, 1);
            Instance instance = new Instance(spec, "fake-" + n, URI.create("http://127.0.0.1:" + (20000 + n)));
            instances.put(instance.ref, instance);
            return instance.ref;
        }

        /** Kills what runs of a version without anyone being told (as while the manager was down). */
        public void vanish(String qualifiedName) {
            instances.values().removeIf(instance -> instance.spec.qualifiedName().equals(qualifiedName));
        }

        public long running(String qualifiedName) {
            return instances.values().stream().filter(instance -> instance.spec.qualifiedName().equals(qualifiedName)).count();
        }
    }

    static final class Instance {
        final VersionSpec spec;
        final String ref;
        final URI endpoint;
        volatile boolean ready;

        Instance(VersionSpec spec, String ref, URI endpoint) {
            this.spec = spec;
            this.ref = ref;
            this.endpoint = endpoint;
        }
    }

    private final Machine machine;
    /** Tracked by this runtime (what it launched or took on), by qualified name. */
    private final Map<String, Instance> tracked = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<RuntimeEvent> dropped = new CopyOnWriteArrayList<>();
    private volatile Consumer<RuntimeEvent> events = event -> { };
    private volatile boolean readyAtOnce = true;
    private volatile Predicate<RuntimeEvent> drop = event -> false;
    private volatile boolean failStarts;
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
    private final Map<String, java.util.concurrent.CountDownLatch> holds = new ConcurrentHashMap<>();

    public FakeRuntime() {
        this(new Machine());
    }

    public FakeRuntime(Machine machine) {
        this.machine = machine;
    }

    public Machine machine() {
        return machine;
    }

    /** Whether a launched instance answers its health check at once (else when {@link #becomeReady} says so). */
    public FakeRuntime readyAtOnce(boolean value) {
        this.readyAtOnce = value;
        return this;
    }

    /** Events that match are lost on the way to the manager. */
    public FakeRuntime dropping(Predicate<RuntimeEvent> lost) {
        this.drop = lost;
        return this;
    }

    /** Launching fails from now on, as a runtime that cannot start anything would. */
    public FakeRuntime failingStarts(boolean value) {
        this.failStarts = value;
        return this;
    }

    /** Every {@link #ensure} waits until {@link #open} (a slow engine, to see what the manager does meanwhile). */
    public FakeRuntime closed() {
        this.gate = new java.util.concurrent.CountDownLatch(1);
        return this;
    }

    public void open() {
        gate.countDown();
    }

    /** {@link #ensure} of this one version waits until {@link #release} (an engine slow for one version only). */
    public FakeRuntime holding(String qualifiedName) {
        holds.put(qualifiedName, new java.util.concurrent.CountDownLatch(1));
        return this;
    }

    public void release(String qualifiedName) {
        holds.remove(qualifiedName).countDown();
    }

    /** Every call the manager made: "ensure hello_1.0.0", "start hello_1.0.0", "delete ...", "prioritize ... main|shadow". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    public List<RuntimeEvent> dropped() {
        return List.copyOf(dropped);
    }

    public void becomeReady(String qualifiedName) {
        Instance instance = tracked.get(qualifiedName);
        instance.ready = true;
        emit(new RuntimeEvent.Ready(qualifiedName, List.of(instance.endpoint), instance.ref));
    }

    /** The instance ends with {@code exitCode}: it was ready, so the manager's supervisor decides what follows. */
    public void crash(String qualifiedName, int exitCode) {
        emit(new RuntimeEvent.Exited(qualifiedName, exitCode)); // told before it is seen gone, as ProbedInstances does
        forgetTracked(qualifiedName);
    }

    /** The instance dies while starting. */
    public void failStartUp(String qualifiedName, String reason) {
        emit(new RuntimeEvent.Failed(qualifiedName, reason));
        forgetTracked(qualifiedName);
    }

    /** The instance is gone, unless the manager's delete (after the event) was quicker. */
    private void forgetTracked(String qualifiedName) {
        Instance instance = tracked.remove(qualifiedName);
        if (instance != null) {
            machine.instances.remove(instance.ref);
        }
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean restartsCrashedInstances() {
        return false;
    }

    @Override
    public void events(Consumer<RuntimeEvent> listener) {
        this.events = listener;
    }

    @Override
    public String prepareImage(String image, DeployProgress progress) {
        return image;
    }

    @Override
    public Observation observe(VersionSpec spec, String ref) {
        Instance instance = tracked.get(spec.qualifiedName());
        if (instance == null) {
            return Observation.ABSENT;
        }
        return instance.ready ? Observation.ready(List.of(instance.endpoint), instance.ref) : Observation.starting(instance.ref);
    }

    @Override
    public Ensured ensure(VersionSpec spec, String ref) {
        try {
            gate.await();
            java.util.concurrent.CountDownLatch hold = holds.get(spec.qualifiedName());
            if (hold != null) {
                hold.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ensureNow(spec, ref);
    }

    private synchronized Ensured ensureNow(VersionSpec spec, String ref) {
        calls.add("ensure " + spec.qualifiedName());
        if (tracked.containsKey(spec.qualifiedName())) {
            return Ensured.ALREADY_RUNNING;
        }
        Instance survivor = ref == null ? null : machine.instances.get(ref);
        if (survivor != null && survivor.spec.qualifiedName().equals(spec.qualifiedName())) {
            survivor.ready = true;
            tracked.put(spec.qualifiedName(), survivor);
            emit(new RuntimeEvent.Ready(spec.qualifiedName(), List.of(survivor.endpoint), survivor.ref));
            return Ensured.ADOPTED;
        }
        if (failStarts) {
            throw new IllegalStateException("the fake runtime was told to fail");
        }
        calls.add("start " + spec.qualifiedName());
        int n = machine.refs.incrementAndGet();
        Instance instance = new Instance(spec, "fake-" + n, URI.create("http://127.0.0.1:" + (20000 + n)));
        machine.instances.put(instance.ref, instance);
        tracked.put(spec.qualifiedName(), instance);
        emit(new RuntimeEvent.Started(spec.qualifiedName(), instance.endpoint, instance.ref));
        if (readyAtOnce) {
            instance.ready = true;
            emit(new RuntimeEvent.Ready(spec.qualifiedName(), List.of(instance.endpoint), instance.ref));
        }
        return Ensured.STARTED;
    }

    @Override
    public void delete(VersionSpec spec, String ref) {
        calls.add("delete " + spec.qualifiedName());
        Instance instance = tracked.remove(spec.qualifiedName());
        if (instance != null) {
            machine.instances.remove(instance.ref);
        }
        if (ref != null) {
            machine.instances.remove(ref);
        }
    }

    @Override
    public void prioritize(VersionSpec spec, String ref) {
        calls.add("prioritize " + spec.qualifiedName() + " " + (spec.main() ? "main" : "shadow"));
    }

    @Override
    public Map<String, Object> inspect(VersionSpec spec, String ref) {
        return Map.of("runtime", name());
    }

    @Override
    public void logs(VersionSpec spec, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) {
    }

    @Override
    public List<String> recentOutput(VersionSpec spec, int lines) {
        return List.of("last words of " + spec.qualifiedName());
    }

    @Override
    public List<String> running() {
        List<String> running = new ArrayList<>();
        machine.instances.values().forEach(instance -> running.add(instance.spec.qualifiedName()));
        return running;
    }

    private void emit(RuntimeEvent event) {
        if (drop.test(event)) {
            dropped.add(event);
            return;
        }
        events.accept(event);
    }
}
