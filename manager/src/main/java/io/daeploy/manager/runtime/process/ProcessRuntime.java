package io.daeploy.manager.runtime.process;

import io.daeploy.manager.core.LogTail;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.logs.LogStreamer;
import io.daeploy.manager.runtime.Instance;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.store.ServiceRecord;

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
import java.util.logging.Logger;

/**
 * The embedded default: every service version is a child JVM on a free loopback port, running the
 * uploaded application jar with the same {@code java} as the manager. Output goes to a log file per
 * version. The JVMs outlive a manager restart and are adopted again by pid and a marker argument.
 *
 * <p>Where there is {@code setsid}, each JVM starts in a session of its own: a Ctrl-C or hang-up of the manager's
 * terminal does not reach the services. Where Linux also weighs CPU by session ({@link Autogroups}), a shadow's
 * session gets nice {@code DAEPLOY_SHADOW_NICE}: it runs on the CPU the main path leaves idle.
 */
public final class ProcessRuntime implements ServiceRuntime {

    private static final Logger LOG = Logger.getLogger(ProcessRuntime.class.getName());
    private static final String MARKER = "-Ddaeploy.service=";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String javaCommand;
    private final List<String> javaOptions;
    private final Path servicesDir;
    private final int shadowNice;
    /** setsid, to start each JVM in a session of its own; empty where there is none. */
    private final Optional<Path> sessionStarter;
    /** Whether a shadow's session is given {@link #shadowNice}; false: shadows run like the main. */
    private final boolean weighsShadows;

    public ProcessRuntime(String serviceJavaOptions, Path servicesDir, long maxLogBytes, int shadowNice) {
        this.servicesDir = servicesDir.toAbsolutePath().normalize();
        this.shadowNice = shadowNice;
        this.sessionStarter = Autogroups.sessionStarter();
        this.weighsShadows = shadowNice > 0 && sessionStarter.isPresent() && Autogroups.weighed();
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
    }

    @Override
    public String name() {
        return "process";
    }

    /** The log file of a version, kept beside its application files. */
    public static Path logFile(ServiceRecord record) {
        return record.appDir().resolve("logs").resolve("service.log");
    }

    /** The application jar of a version. */
    public static Path applicationJar(ServiceRecord record) {
        return record.appDir().resolve("app").resolve("application.jar");
    }

    @Override
    public Instance start(ServiceRecord record, Map<String, String> serviceEnvironment) {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(javaOptions);
        command.add(MARKER + record.qualifiedName());
        command.add("-jar");
        command.add(applicationJar(record).toString());
        if (sessionStarter.isPresent()) {
            command = Autogroups.inOwnSession(sessionStarter.get(), command);
        }

        Path log = logFile(record);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "--- daeploy: starting " + record.name() + " " + record.version()
                    + " on port " + port + " ---\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(record.appDir().resolve("app").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(serviceEnvironment);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("DAEPLOY_SERVICE_BIND", "127.0.0.1");
            Process process = builder.start();
            LOG.info(() -> "Started " + record.qualifiedName() + " as pid " + process.pid() + " on port " + port);
            return new Instance(endpoint(port), process.pid(), process.onExit().thenApply(Process::exitValue));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + record.qualifiedName() + " with " + javaCommand + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Instance> adopt(ServiceRecord record) {
        if (record.pid() == null || record.port() == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(record.pid())
                .filter(ProcessHandle::isAlive)
                .filter(handle -> isOurs(handle, record))
                .map(handle -> new Instance(endpoint(record.port()), handle.pid(),
                                            handle.onExit().thenApply(h -> -1)));
    }

    @Override
    public void prioritize(ServiceRecord record) {
        if (!weighsShadows || record.pid() == null) {
            return;
        }
        long pid = record.pid();
        // a JVM started before shadows were weighed shares its session's group, maybe with the manager: left alone
        if (ProcessHandle.of(pid).filter(handle -> isOurs(handle, record)).isEmpty() || !Autogroups.leadsOwnSession(pid)) {
            return;
        }
        int nice = record.main() ? 0 : shadowNice;
        try {
            Autogroups.setNice(pid, nice);
            LOG.fine(() -> record.qualifiedName() + " runs at nice " + nice);
        } catch (IOException e) {
            LOG.warning(() -> "Could not give " + record.qualifiedName() + " nice " + nice + ": " + e.getMessage());
        }
    }

    @Override
    public void stop(ServiceRecord record) {
        if (record.pid() == null) {
            return;
        }
        ProcessHandle.of(record.pid()).filter(handle -> isOurs(handle, record)).ifPresent(this::terminate);
    }

    @Override
    public Map<String, Object> inspect(ServiceRecord record) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("runtime", name());
        info.put("pid", record.pid());
        info.put("port", record.port());
        info.put("endpoint", record.port() == null ? null : endpoint(record.port()).toString());
        Optional<ProcessHandle> handle = record.pid() == null ? Optional.empty()
                : ProcessHandle.of(record.pid()).filter(h -> isOurs(h, record));
        info.put("alive", handle.map(ProcessHandle::isAlive).orElse(false));
        handle.filter(h -> Autogroups.leadsOwnSession(h.pid()))
                .ifPresent(h -> Autogroups.nice(h.pid()).ifPresent(nice -> info.put("cpuNice", nice)));
        handle.flatMap(h -> h.info().startInstant()).ifPresent(start -> info.put("startedAt", start.toString()));
        info.put("application", applicationJar(record).toString());
        info.put("logFile", logFile(record).toString());
        return info;
    }

    @Override
    public void logs(ServiceRecord record, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        LogStreamer.stream(LogRotation.generations(logFile(record)), query, out, keepFollowing);
    }

    @Override
    public List<String> recentOutput(ServiceRecord record, int lines) {
        return LogTail.lastLines(logFile(record), lines);
    }

    @Override
    public List<String> running() {
        return ProcessHandle.allProcesses()
                .map(handle -> handle.info().arguments().map(List::of).orElse(List.of()))
                .filter(this::startedFromOurFolder)
                .flatMap(List::stream)
                .filter(arg -> arg.startsWith(MARKER))
                .map(arg -> arg.substring(MARKER.length()))
                .toList();
    }

    /** Another manager on this machine (another data directory) runs services too: they are not ours to report. */
    private boolean startedFromOurFolder(List<String> arguments) {
        String ours = servicesDir + File.separator;
        return arguments.stream().anyMatch(arg -> arg.startsWith(ours));
    }

    private void terminate(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning(() -> "pid " + handle.pid() + " did not stop within " + STOP_GRACE.toSeconds() + " s: killing it");
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    /** A pid may have been reused by another program since the manager wrote it down. */
    private static boolean isOurs(ProcessHandle handle, ServiceRecord record) {
        return handle.info().arguments()
                .map(args -> Arrays.asList(args).contains(MARKER + record.qualifiedName()))
                .orElse(false);
    }

    private static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
