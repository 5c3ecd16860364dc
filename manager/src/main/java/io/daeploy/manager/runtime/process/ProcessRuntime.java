package io.daeploy.manager.runtime.process;

import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.logs.LogStreamer;
import io.daeploy.manager.logs.LogTail;
import io.daeploy.manager.runtime.FreePorts;
import io.daeploy.manager.runtime.Observation;
import io.daeploy.manager.runtime.ProbedInstances;
import io.daeploy.manager.runtime.ProbedInstances.Launched;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.VersionSpec;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The embedded default: every service version is a child JVM on a free loopback port, running the
 * uploaded application jar with the same {@code java} as the manager. Output goes to a log file per
 * version. The JVMs outlive a manager restart and are taken on again by pid and a marker argument. This runtime
 * probes each JVM's health itself and does not restart crashed ones: the manager's supervisor does.
 *
 * <p>Where there is {@code setsid}, each JVM starts in a session of its own: a Ctrl-C or hang-up of the manager's
 * terminal does not reach the services. Where Linux also weighs CPU by session ({@link Autogroups}), a shadow's
 * session gets nice {@code DAEPLOY_SHADOW_NICE}: it runs on the CPU the main path leaves idle.
 *
 * <p>Services are kept from the manager's files and process as far as the machine allows ({@link Isolation}).
 */
public final class ProcessRuntime implements ServiceRuntime, ProbedInstances.Host {

    private static final Logger LOG = Logger.getLogger(ProcessRuntime.class.getName());
    private static final String MARKER = "-Ddaeploy.service=";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long the old JVM of a reloaded version still runs after the new one took the traffic: its last answers. */
    static final String APPLICATION_JAR = "application.jar";

    private final String javaCommand;
    private final List<String> javaOptions;
    private final Path servicesDir;
    private final int shadowNice;
    /** setsid, to start each JVM in a session of its own; empty where there is none. */
    private final Optional<Path> sessionStarter;
    /** Whether a shadow's session is given {@link #shadowNice}; false: shadows run like the main. */
    private final boolean weighsShadows;
    private final ProbedInstances instances;
    private final Isolation isolation;
    private final ClassDataCaches classData;

    /**
     * @param isolation {@code auto}: services run as users of their own (manager as root) or in a bubblewrap sandbox;
     *                  {@code off}: as the manager's user
     */
    public ProcessRuntime(String serviceJavaOptions, Path dataDir, long maxLogBytes, int shadowNice, Duration healthTimeout,
                          String isolation, String classCache) {
        this(serviceJavaOptions, dataDir.resolve("services"), maxLogBytes, shadowNice, healthTimeout,
             Isolation.choose(isolation, dataDir.toAbsolutePath().normalize()), classCache);
    }

    ProcessRuntime(String serviceJavaOptions, Path servicesDir, long maxLogBytes, int shadowNice, Duration healthTimeout,
                   Isolation isolation) {
        this(serviceJavaOptions, servicesDir, maxLogBytes, shadowNice, healthTimeout, isolation, "off");
    }

    /** @param classCache {@code on}: shared and per-version class data ({@link ClassDataCaches}); {@code off}: none */
    ProcessRuntime(String serviceJavaOptions, Path servicesDir, long maxLogBytes, int shadowNice, Duration healthTimeout,
                   Isolation isolation, String classCache) {
        this.servicesDir = servicesDir.toAbsolutePath().normalize();
        try {
            isolation.secureDataDirectory(this.servicesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set the modes of " + this.servicesDir + ": " + e.getMessage(), e);
        }
        isolation.caveat().ifPresentOrElse(LOG::warning, () -> LOG.info(() -> switch (isolation.mode()) {
            case USERS -> "Each service runs as a user of its own (daeploy-<name>) and reaches only its own folder";
            case SANDBOX -> "Each service runs in a bubblewrap sandbox that hides the data directory but its own folder";
            case NONE -> "Services run as the manager's user (DAEPLOY_SERVICE_ISOLATION=off)";
        }));
        this.shadowNice = shadowNice;
        this.sessionStarter = Autogroups.sessionStarter();
        this.weighsShadows = shadowNice > 0 && sessionStarter.isPresent() && Autogroups.weighed();
        this.instances = new ProbedInstances(healthTimeout, this);
        if (shadowNice > 0) {
            LOG.info(weighsShadows
                    ? "Shadows run at nice " + shadowNice + " (DAEPLOY_SHADOW_NICE), each service in a session of its own"
                    : "Shadows run at the main's CPU priority: Linux autogroups do not weigh services here"
                      + " (kernel.sched_autogroup_enabled is off, or a CPU cgroup weighs the manager), or there is no setsid");
        }
        LogRotation rotation = new LogRotation(servicesDir, maxLogBytes);
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("daeploy-log-rotation").daemon().factory())
                .scheduleWithFixedDelay(rotation::rotateWhatIsTooLarge, 30, 30, TimeUnit.SECONDS);
        this.javaCommand = ProcessHandle.current().info().command().orElse("java");
        this.javaOptions = serviceJavaOptions == null || serviceJavaOptions.isBlank()
                ? List.of()
                : Arrays.asList(serviceJavaOptions.trim().split("\\s+"));
        // services run on the manager's own java: its version is theirs
        int jdk = Runtime.version().feature();
        ClassDataSupport support = ClassDataSupport.choose(classCache, jdk, javaOptions);
        LOG.info(support.announcement(classCache, jdk));
        stopLeftTrainings();
        Path sharedFolder = this.servicesDir.resolveSibling("class-data");
        // every service reads the shared class data, whatever else of the data directory it cannot see
        this.isolation = support == ClassDataSupport.OFF ? isolation : isolation.readOnly(sharedFolder);
        this.classData = new ClassDataCaches(support, new SharedClassData(sharedFolder), javaCommand, javaOptions,
                Runtime.version().toString(), new TrainingRun(this.isolation));
    }

    @Override
    public String name() {
        return "process";
    }

    /** Services that can read the manager's files, though isolation was not turned off, are worth a notification. */
    @Override
    public Optional<String> caveat() {
        return isolation.caveat();
    }

    @Override
    public boolean restartsCrashedInstances() {
        return false;
    }

    @Override
    public void events(Consumer<RuntimeEvent> listener) {
        instances.events(listener);
    }

    /** The log file of a version, kept beside its application files. */
    public static Path logFile(Path appDir) {
        return appDir.resolve("logs").resolve("service.log");
    }

    /** The application jar of a version as deployed. */
    public static Path applicationJar(Path appDir) {
        return VersionSpec.applicationDir(appDir, 0).resolve(APPLICATION_JAR);
    }

    private static Path workingDirectory(VersionSpec spec) throws IOException {
        return Files.createDirectories(VersionSpec.applicationDir(spec.appDir(), 0));
    }

    /** Which revision of its code a JVM runs, read from the jar it was started with; 0 when it does not say. */
    static int revisionOf(List<String> arguments) {
        for (String argument : arguments.stream().flatMap(a -> Arrays.stream(a.split(File.pathSeparator))).toList()) {
            if (argument.endsWith(File.separator + APPLICATION_JAR)) { // after -jar, or last of a -cp
                String folder = Path.of(argument).getParent().getFileName().toString();
                if (folder.startsWith("app-")) {
                    try {
                        return Integer.parseInt(folder.substring(4));
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    @Override
    public Observation observe(VersionSpec spec, String ref) {
        return instances.observe(spec.qualifiedName());
    }

    @Override
    public Ensured ensure(VersionSpec spec, String ref) {
        if (instances.isTracked(spec.qualifiedName())) {
            return Ensured.ALREADY_RUNNING;
        }
        Optional<ProcessHandle> running = ours(spec, ref);
        if (running.isPresent()) {
            Optional<Integer> port = ProcessRef.parse(ref).filter(r -> r.pid() == running.get().pid()).map(ProcessRef::port);
            if (port.isPresent() && instances.healthy(endpoint(port.get()))) {
                int revision = revisionOf(ProcessArguments.of(running.get()).orElse(List.of()));
                instances.adopted(spec.withRevision(revision),
                                  new Launched(endpoint(port.get()), ref, running.get().onExit().thenApply(h -> -1)));
                LOG.info(() -> "Adopted " + spec.qualifiedName() + " still running at " + endpoint(port.get()));
                return Ensured.ADOPTED;
            }
            terminate(running.get()); // launched but never recorded, or not answering: start afresh
        }
        instances.launched(spec, start(spec));
        return Ensured.STARTED;
    }

    @Override
    public boolean replacesWithoutGap() {
        return true;
    }

    /** A new JVM with the new code beside the running one; the traffic moves once it is healthy. */
    @Override
    public void replace(VersionSpec spec, String ref) {
        instances.replace(spec, () -> ensure(spec, ref), () -> start(spec));
    }

    private Launched start(VersionSpec spec) {
        int port = FreePorts.next();
        ClassDataLaunch launch = classData.plan(spec);
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(classData.javaOptions());
        command.addAll(launch.classDataOptions());
        command.add(MARKER + spec.qualifiedName());
        command.addAll(launch.program());
        command = isolation.wrap(spec.name(), spec.appDir(), command);
        if (sessionStarter.isPresent()) {
            command = Autogroups.inOwnSession(sessionStarter.get(), command);
        }

        Path log = logFile(spec.appDir());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "--- daeploy: starting " + spec.name() + " " + spec.version()
                    + " on port " + port + " ---\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            isolation.prepare(spec.name(), spec.appDir());
            ProcessBuilder builder = new ProcessBuilder(command)
                    // the deployed app/ stays the working directory: service-data/ lives on across reloads
                    .directory(workingDirectory(spec).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            serviceEnvironment(builder.environment(), spec, port);
            Process process = builder.start();
            LOG.info(() -> "Started " + spec.qualifiedName() + " as pid " + process.pid() + " on port " + port
                    + (launch.classDataOptions().isEmpty() ? "" : " with " + String.join(" ", launch.classDataOptions())));
            classData.afterStart(spec, launch, () -> instances.healthy(endpoint(port)), process.onExit().thenApply(Process::exitValue));
            return new Launched(endpoint(port), new ProcessRef(process.pid(), port).toString(),
                                process.onExit().thenApply(Process::exitValue));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + spec.qualifiedName() + " with " + javaCommand + ": " + e.getMessage(), e);
        }
    }

    /** The environment of a version's JVM on {@code port}. */
    static void serviceEnvironment(Map<String, String> environment, VersionSpec spec, int port) {
        // the manager's own settings (passwords among them) are not the service's: it gets those of its spec only
        environment.keySet().removeIf(name -> name.startsWith("DAEPLOY_"));
        environment.putAll(spec.environment());
        environment.put("PORT", Integer.toString(port));
        environment.put("DAEPLOY_SERVICE_BIND", "127.0.0.1");
    }

    @Override
    public void prioritize(VersionSpec spec, String ref) {
        if (!weighsShadows) {
            return;
        }
        Optional<ProcessHandle> handle = handle(spec, ref);
        // a JVM started before shadows were weighed shares its session's group, maybe with the manager: left alone
        if (handle.isEmpty() || !Autogroups.leadsOwnSession(handle.get().pid())) {
            return;
        }
        long pid = handle.get().pid();
        int nice = spec.answering() ? 0 : shadowNice;
        try {
            Autogroups.setNice(pid, nice);
            LOG.fine(() -> spec.qualifiedName() + " runs at nice " + nice);
        } catch (IOException e) {
            LOG.warning(() -> "Could not give " + spec.qualifiedName() + " nice " + nice + ": " + e.getMessage());
        }
    }

    @Override
    public void delete(VersionSpec spec, String ref) {
        String tracked = instances.forget(spec.qualifiedName()).map(Launched::ref).orElse(ref);
        ours(spec, tracked).ifPresent(this::terminate);
        ours(spec, ref).ifPresent(this::terminate);
    }

    /** Stops that one instance: never another JVM of the version (the one that replaced it, say). */
    @Override
    public void stop(VersionSpec spec, Launched instance) {
        ProcessRef.parse(instance.ref()).flatMap(r -> ProcessHandle.of(r.pid())).filter(ProcessHandle::isAlive)
                .filter(handle -> isOurs(handle, spec)).ifPresent(this::terminate);
    }

    @Override
    public Map<String, Object> inspect(VersionSpec spec, String ref) {
        String current = instances.observe(spec.qualifiedName()).ref();
        Optional<ProcessRef> at = ProcessRef.parse(current != null ? current : ref);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("runtime", name());
        info.put("pid", at.map(ProcessRef::pid).orElse(null));
        info.put("port", at.map(ProcessRef::port).orElse(null));
        info.put("endpoint", at.map(r -> endpoint(r.port()).toString()).orElse(null));
        Optional<ProcessHandle> handle = handle(spec, current != null ? current : ref);
        info.put("alive", handle.map(ProcessHandle::isAlive).orElse(false));
        handle.filter(h -> Autogroups.leadsOwnSession(h.pid()))
                .ifPresent(h -> Autogroups.nice(h.pid()).ifPresent(nice -> info.put("cpuNice", nice)));
        handle.flatMap(h -> h.info().startInstant()).ifPresent(start -> info.put("startedAt", start.toString()));
        info.put("application", spec.applicationDir().resolve(APPLICATION_JAR).toString());
        info.put("revision", spec.revision());
        info.put("logFile", logFile(spec.appDir()).toString());
        return info;
    }

    @Override
    public void logs(VersionSpec spec, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        LogStreamer.stream(LogRotation.generations(logFile(spec.appDir())), query, out, keepFollowing);
    }

    @Override
    public List<String> recentOutput(VersionSpec spec, int lines) {
        return LogTail.lastLines(logFile(spec.appDir()), lines);
    }

    @Override
    public List<String> running() {
        return ProcessHandle.allProcesses()
                .map(handle -> ProcessArguments.of(handle).orElse(List.of()))
                .filter(this::startedFromOurFolder)
                .flatMap(List::stream)
                .filter(arg -> arg.startsWith(MARKER))
                .map(arg -> arg.substring(MARKER.length()))
                .toList();
    }

    /** The version's JVM now: the tracked one, else the one {@code ref} names. */
    private Optional<ProcessHandle> handle(VersionSpec spec, String ref) {
        String current = instances.observe(spec.qualifiedName()).ref();
        return ours(spec, current != null ? current : ref);
    }

    /**
     * The version's JVM: the one {@code ref} names if it is still ours (a pid may have been reused by another
     * program since), else one that carries the version's marker and was started from this data directory (a JVM
     * launched just before the manager died, whose ref was never recorded).
     */
    private Optional<ProcessHandle> ours(VersionSpec spec, String ref) {
        Optional<ProcessHandle> named = ProcessRef.parse(ref).flatMap(r -> ProcessHandle.of(r.pid()))
                .filter(ProcessHandle::isAlive).filter(handle -> isOurs(handle, spec));
        if (named.isPresent()) {
            return named;
        }
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(handle -> isOurs(handle, spec))
                .filter(handle -> ProcessArguments.of(handle).map(this::startedFromOurFolder).orElse(false))
                // in a sandbox, bwrap's processes carry the JVM's arguments too: the outermost is the one started
                .filter(handle -> handle.parent().map(parent -> !isOurs(parent, spec)).orElse(true))
                .findFirst();
    }

    /** Another manager on this machine (another data directory) runs services too: they are not ours to report. */
    private boolean startedFromOurFolder(List<String> arguments) {
        String ours = servicesDir + File.separator;
        // -jar <folder>/..., or a class path whose application jar comes after the shared libraries
        return arguments.stream().anyMatch(arg -> arg.startsWith(ours) || arg.contains(File.pathSeparator + ours));
    }

    /** Training JVMs of class data that a manager left when it stopped: nobody would ever stop them. */
    private void stopLeftTrainings() {
        ProcessHandle.allProcesses()
                .filter(handle -> ProcessArguments.of(handle)
                        .filter(args -> args.stream().anyMatch(arg -> arg.startsWith(TrainingRun.MARKER)))
                        .map(this::startedFromOurFolder).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private void terminate(ProcessHandle handle) {
        if (isolation.mode() == Isolation.Mode.SANDBOX) {
            handle.descendants().forEach(ProcessHandle::destroy); // bwrap passes no signal on to the JVM inside
        }
        handle.destroy();
        try {
            if (ProcessEnd.await(handle, STOP_GRACE)) {
                return;
            }
            LOG.warning(() -> "pid " + handle.pid() + " did not stop within " + STOP_GRACE.toSeconds() + " s: killing it");
            if (isolation.mode() == Isolation.Mode.SANDBOX) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
            }
            handle.destroyForcibly();
            if (!ProcessEnd.await(handle, STOP_GRACE)) {
                LOG.warning(() -> "pid " + handle.pid() + " did not end after SIGKILL within " + STOP_GRACE.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isOurs(ProcessHandle handle, VersionSpec spec) {
        return ProcessArguments.of(handle)
                .map(args -> args.contains(MARKER + spec.qualifiedName()))
                .orElse(false);
    }

    private static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
