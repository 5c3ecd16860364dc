package io.daeploy.manager.runtime.process;

import io.daeploy.manager.runtime.VersionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Class data of the process runtime's services, so that they start sooner and share pages:
 * <ul>
 *   <li>one AppCDS archive of the libraries ({@link SharedClassData}), made once per set of libraries, JDK and options
 *       and mapped by every service whose libraries include them: made from the class list of a training run of the
 *       first version that lacks one, by the manager's own JVM (never by the service's user: every service maps it);</li>
 *   <li>a cache per version in {@code app/class-data/}, keyed by content ({@link CacheKey}): an AOT cache on JDK 25, a
 *       dynamic archive before; made by a training run as the service's user, used by every later start.</li>
 * </ul>
 * Both are made on one background thread after the version answers, never before its first answer. A file the JVM
 * cannot use (stale, corrupt) is skipped by the JVM, which starts without it.
 */
final class ClassDataCaches {

    private static final Logger LOG = Logger.getLogger(ClassDataCaches.class.getName());
    private static final Duration ANSWER_DEADLINE = Duration.ofMinutes(2);
    private static final Duration DUMP_DEADLINE = Duration.ofMinutes(5);
    /**
     * Every archive is checked against its checksum when mapped: a corrupt AOT cache is otherwise mapped as it is, and
     * the JVM crashes (JDK 25); checked, it is refused and the JVM starts without it. Archives are made with it too,
     * since only then do they carry a checksum.
     */
    static final String CHECKSUM = "-XX:+VerifySharedSpaces";
    /**
     * Archives are mapped where they were made to be, not at a random address: a relocated archive has its pointers
     * rewritten in every JVM, which makes its pages private, and then no page is shared between services (6 hello
     * services: Pss median 55 MB mapped in place, 67 MB relocated, 72 MB without the archive; bench/README.md). The
     * price is the address-space randomization of the archive, which JDK 19 and before did not have either.
     */
    static final List<String> MAP_IN_PLACE = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    /** The exit code of a JVM that crashed (SIGABRT after its hs_err file). */
    private static final int CRASHED = 134;

    private final ClassDataSupport support;
    private final SharedClassData shared;
    private final String javaCommand;
    private final List<String> javaOptions;
    private final String jdkVersion;
    private final TrainingRun training;
    private final JarDigests digests = new JarDigests();
    private final Set<Path> inTraining = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("daeploy-class-data").daemon().priority(Thread.MIN_PRIORITY).factory());

    ClassDataCaches(ClassDataSupport support, SharedClassData shared, String javaCommand, List<String> javaOptions,
                    String jdkVersion, TrainingRun training) {
        this.support = support;
        this.shared = shared;
        this.javaCommand = javaCommand;
        List<String> options = new ArrayList<>(javaOptions);
        if (support != ClassDataSupport.OFF) {
            options.add(CHECKSUM);
            options.addAll(MAP_IN_PLACE);
        }
        this.javaOptions = List.copyOf(options);
        this.jdkVersion = jdkVersion;
        this.training = training;
    }

    ClassDataSupport support() {
        return support;
    }

    /** The shared folder every service reads, or empty when there are no caches. */
    Optional<Path> sharedFolder() {
        return support == ClassDataSupport.OFF ? Optional.empty() : Optional.of(shared.dir());
    }

    /** The services' JVM options and those class data needs. */
    List<String> javaOptions() {
        return javaOptions;
    }

    /** How {@code spec} starts now, with what class data there is; as without class data when that cannot be read. */
    ClassDataLaunch plan(VersionSpec spec) {
        try {
            return planWithClassData(spec);
        } catch (RuntimeException e) { // class data only speeds a start: it never stops one
            LOG.warning(() -> spec.qualifiedName() + " starts without class data: " + e.getMessage());
            return ClassDataLaunch.plain(spec.applicationDir().resolve(ProcessRuntime.APPLICATION_JAR));
        }
    }

    private ClassDataLaunch planWithClassData(VersionSpec spec) {
        Path applicationJar = spec.applicationDir().resolve(ProcessRuntime.APPLICATION_JAR); // of its revision
        if (support == ClassDataSupport.OFF) {
            return ClassDataLaunch.plain(applicationJar);
        }
        ApplicationJar app = ApplicationJar.read(applicationJar);
        if (app.mainClass().isEmpty()) {
            return ClassDataLaunch.plain(applicationJar); // java -jar says what is wrong
        }
        List<String> libraries = app.libraries().stream().map(digests::of).toList();
        Optional<SharedClassData.Archive> archive = shared.fitting(libraries, jdkVersion, javaOptions);
        List<String> order = SharedJarOrder.order(libraries, archive.map(SharedClassData.Archive::jars).orElse(List.of()));
        List<Path> classpath = new ArrayList<>();
        for (String digest : order) {
            classpath.add(shared.jar(digest, app.libraries().get(libraries.indexOf(digest))));
        }
        classpath.add(applicationJar);
        List<String> program = ClassDataLaunch.program(classpath, app.mainClass().get());
        String key = CacheKey.versionCache(program, List.of(digests.of(applicationJar), archive.map(SharedClassData.Archive::key)
                .orElse("")), jdkVersion, javaOptions);
        Optional<Path> cache = Optional.of(folder(spec).resolve(key + "." + support.fileExtension()));
        return new ClassDataLaunch(ClassDataLaunch.options(support, archive, cache), program, order, archive, cache);
    }

    /**
     * After {@code spec} started as {@code launch}: makes in the background what it lacks, once {@code answering} says
     * that the version answers (its first answer comes first).
     */
    void afterStart(VersionSpec spec, ClassDataLaunch launch, BooleanSupplier answering, CompletableFuture<Integer> exit) {
        if (launch.versionCacheMade() && launch.classDataOptions().stream().anyMatch(o -> o.contains(launch.versionCache().get().toString()))) {
            exit.thenAccept(code -> {
                if (code == CRASHED) { // whatever the cause, the next start goes without this cache; a new one is made
                    LOG.warning(() -> spec.qualifiedName() + " crashed with its class data cache: the cache is deleted");
                    launch.versionCache().ifPresent(ClassDataCaches::deleteQuietly);
                }
            });
        }
        if (support == ClassDataSupport.OFF || launch.versionCache().isEmpty()
                || (launch.versionCacheMade() && (launch.archive().isPresent() || launch.sharedJars().isEmpty()))) {
            return;
        }
        if (!inTraining.add(spec.appDir())) {
            return;
        }
        worker.execute(() -> {
            try {
                if (awaitAnswer(answering)) {
                    make(spec);
                }
            } catch (Exception e) {
                LOG.warning(() -> "Class data for " + spec.qualifiedName() + " was not made (it starts without): " + e);
            } finally {
                inTraining.remove(spec.appDir());
            }
        });
    }

    private void make(VersionSpec spec) throws IOException, InterruptedException {
        ClassDataLaunch launch = planWithClassData(spec);
        if (launch.archive().isEmpty() && !launch.sharedJars().isEmpty()) {
            makeSharedArchive(spec, launch);
            launch = planWithClassData(spec);
        }
        // code of a reload (daeploy:dev) is replaced again within seconds: a training run would only slow the next one
        if (!launch.versionCacheMade() && spec.revision() == 0) {
            makeVersionCache(spec, launch);
        }
    }

    /** A class list from a training run, then an archive of the libraries' classes in it, dumped by the manager's JVM. */
    private void makeSharedArchive(VersionSpec spec, ClassDataLaunch launch) throws IOException, InterruptedException {
        String key = CacheKey.sharedArchive(launch.sharedJars(), jdkVersion, javaOptions);
        if (shared.has(key)) {
            return;
        }
        Path classList = folder(spec).resolve("classes.lst");
        Files.deleteIfExists(classList);
        if (!training.run(spec, command(List.of("-XX:DumpLoadedClassList=" + classList), spec, launch)) || !Files.isRegularFile(classList)) {
            LOG.warning(() -> "The training run of " + spec.qualifiedName() + " gave no class list: no shared archive yet");
            return;
        }
        Path copy = Files.createTempFile("daeploy-classes", ".lst"); // the manager's own copy, out of the service's reach
        Path dumped = Files.createTempFile("daeploy-shared", ".jsa");
        try {
            Files.copy(classList, copy, StandardCopyOption.REPLACE_EXISTING);
            List<String> dump = new ArrayList<>(List.of(javaCommand));
            dump.addAll(javaOptions);
            dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + copy, "-XX:SharedArchiveFile=" + dumped,
                    "-cp", String.join(java.io.File.pathSeparator, launch.sharedJars().stream()
                            .map(digest -> shared.jar(digest).toString()).toList())));
            Process process = new ProcessBuilder(LowPriority.command(dump)).redirectErrorStream(true)
                    .redirectOutput(spec.appDir().resolve("logs").resolve("class-data-dump.log").toFile()).start();
            LowPriority.started(process);
            if (!process.waitFor(DUMP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (process.isAlive() || process.exitValue() != 0 || Files.size(dumped) == 0) {
                LOG.warning(() -> "The shared class archive could not be dumped; see " + spec.appDir().resolve("logs/class-data-dump.log"));
                return;
            }
            shared.publish(key, launch.sharedJars(), dumped);
            LOG.info(() -> "Shared class archive " + key + " made (" + launch.sharedJars().size() + " libraries): every"
                    + " service with these libraries maps it from its next start");
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dumped);
        }
    }

    private void makeVersionCache(VersionSpec spec, ClassDataLaunch launch) throws IOException, InterruptedException {
        Path cache = launch.versionCache().orElseThrow();
        Path output = cache.resolveSibling(cache.getFileName() + ".training");
        Files.deleteIfExists(output);
        List<String> teach = new ArrayList<>();
        if (support == ClassDataSupport.AOT_CACHE) {
            teach.add("-XX:AOTCacheOutput=" + output);
        } else {
            launch.archive().ifPresent(archive -> teach.add("-XX:SharedArchiveFile=" + archive.file()));
            teach.add("-XX:ArchiveClassesAtExit=" + output);
        }
        boolean ran = training.run(spec, command(teach, spec, launch));
        if (!ran || !Files.isRegularFile(output) || Files.size(output) == 0) {
            LOG.warning(() -> "The training run of " + spec.qualifiedName() + " made no class data cache; see "
                    + spec.appDir().resolve("logs/class-data-training.log"));
            Files.deleteIfExists(output);
            return;
        }
        Files.move(output, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info(() -> "Class data cache of " + spec.qualifiedName() + " made: its next starts map " + cache.getFileName());
    }

    private List<String> command(List<String> teach, VersionSpec spec, ClassDataLaunch launch) {
        List<String> command = new ArrayList<>(List.of(javaCommand));
        command.addAll(javaOptions);
        command.addAll(teach);
        command.add(TrainingRun.MARKER + spec.qualifiedName());
        command.addAll(launch.program());
        return command;
    }

    /** {@code app/class-data}: the service's own, since its user writes its cache there. */
    private static Path folder(VersionSpec spec) {
        Path app = spec.appDir().resolve("app");
        Path folder = app.resolve("class-data");
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                PosixFileAttributes owner = Files.readAttributes(app, PosixFileAttributes.class);
                PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
                view.setOwner(owner.owner());
                view.setGroup(owner.group());
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.fine(() -> "Could not give " + folder + " the owner of " + app + ": " + e.getMessage());
        }
        return folder;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete " + file + ": " + e.getMessage());
        }
    }

    private static boolean awaitAnswer(BooleanSupplier answering) throws InterruptedException {
        Instant end = Instant.now().plus(ANSWER_DEADLINE);
        while (Instant.now().isBefore(end)) {
            if (answering.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    void close() {
        worker.shutdownNow();
    }
}
