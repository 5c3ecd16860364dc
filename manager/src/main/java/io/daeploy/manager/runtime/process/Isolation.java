package io.daeploy.manager.runtime.process;

import io.daeploy.manager.config.ProcessOwner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How service JVMs are kept from the manager's files ({@code DAEPLOY_SERVICE_ISOLATION}: {@code auto} or {@code off}).
 * A manager that runs as root runs each service name as a user of its own ({@link ServiceUsers}); one that does not
 * starts services in a bubblewrap sandbox that hides the data directory but for the version's own folder, where
 * {@code bwrap} is installed; else services run as the manager's user and can read its files, which {@link #caveat}
 * says.
 */
final class Isolation {

    enum Mode {
        /** A system user per service name, through setpriv; the manager runs as root. */
        USERS,
        /** A bubblewrap sandbox per JVM, with a private /proc and pid namespace. */
        SANDBOX,
        /** As the manager's user. */
        NONE
    }

    private final Mode mode;
    private final Path dataDir;
    private final Path tool;
    private final Optional<String> caveat;
    private final ServiceUsers users;
    /** Folders of the data directory that every service reads (the shared class data). */
    private final List<Path> readOnly;

    private Isolation(Mode mode, Path dataDir, Path tool, Optional<String> caveat) {
        this(mode, dataDir, tool, caveat, new ServiceUsers(), List.of());
    }

    private Isolation(Mode mode, Path dataDir, Path tool, Optional<String> caveat, ServiceUsers users, List<Path> readOnly) {
        this.mode = mode;
        this.dataDir = dataDir;
        this.tool = tool;
        this.caveat = caveat;
        this.users = users;
        this.readOnly = List.copyOf(readOnly);
    }

    /**
     * The same isolation, but every service may read {@code folder} (of the data directory): a sandbox shows it read-only.
     * Users of their own read it through its modes (0755, files 0444, written by the manager alone).
     */
    Isolation readOnly(Path folder) {
        List<Path> folders = new ArrayList<>(readOnly);
        folders.add(folder.toAbsolutePath().normalize());
        return new Isolation(mode, dataDir, tool, caveat, users, folders);
    }

    static Isolation off() {
        return new Isolation(Mode.NONE, null, null, Optional.empty());
    }

    /** What this machine allows: looks at the manager's uid, the PATH and the modes of the data directory's parents. */
    static Isolation choose(String setting, Path dataDir) {
        return choose(setting, dataDir, ProcessOwner.uid() == 0, Isolation::onPath, Isolation::othersMaySearch);
    }

    /**
     * @param programs       where a program of the PATH is, by name
     * @param othersMaySearch whether users other than the owner may pass through a folder
     */
    static Isolation choose(String setting, Path dataDir, boolean root, Function<String, Optional<Path>> programs,
                            java.util.function.Predicate<Path> othersMaySearch) {
        if (setting.equals("off")) {
            return new Isolation(Mode.NONE, dataDir, null, Optional.empty());
        }
        String unsafe = "services run as the manager's user and can read its files (its database, its signing key)"
                + " and signal it";
        String remedy = "; the docker runtime (DAEPLOY_RUNTIME=docker) isolates them";
        if (root) {
            Optional<Path> setpriv = programs.apply("setpriv");
            if (setpriv.isEmpty() || programs.apply("useradd").isEmpty()) {
                return new Isolation(Mode.NONE, dataDir, null, Optional.of("There is no setpriv or useradd here (util-linux,"
                        + " passwd), so " + unsafe + remedy));
            }
            Optional<Path> closed = Stream.iterate(dataDir.getParent(), p -> p != null, Path::getParent)
                    .filter(othersMaySearch.negate()).findFirst();
            if (closed.isPresent()) {
                return new Isolation(Mode.NONE, dataDir, null, Optional.of(closed.get() + " lets no other user through"
                        + " (chmod o+x " + closed.get() + ", or a DAEPLOY_DATA_DIR such as /var/lib/daeploy), so services"
                        + " cannot run as users of their own: " + unsafe + remedy));
            }
            return new Isolation(Mode.USERS, dataDir, setpriv.get(), Optional.empty());
        }
        Optional<Path> bwrap = programs.apply("bwrap");
        if (bwrap.isPresent()) {
            return new Isolation(Mode.SANDBOX, dataDir, bwrap.get(), Optional.empty());
        }
        return new Isolation(Mode.NONE, dataDir, null, Optional.of("The manager does not run as root and there is no bwrap"
                + " (bubblewrap) here, so " + unsafe + remedy));
    }

    Mode mode() {
        return mode;
    }

    /** What the user should know at start when services are not kept from the manager's files. */
    Optional<String> caveat() {
        return caveat;
    }

    /**
     * Sets the modes of the data directory: passable but not listable (0711), like the services' folder, where
     * services run as users of their own and pass through it to their folders; the owner's alone (0700) in a sandbox,
     * which hides it anyway. Without isolation it is left as it is: services of an earlier run may still pass.
     */
    void secureDataDirectory(Path servicesDir) throws IOException {
        if (mode == Mode.USERS) {
            Files.createDirectories(servicesDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(servicesDir, PosixFilePermissions.fromString("rwx--x--x"));
        } else if (mode == Mode.SANDBOX) {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Before a version starts: its folder gets the owners and modes its user needs. */
    void prepare(String serviceName, Path versionDir) throws IOException {
        if (mode != Mode.USERS) {
            return;
        }
        Files.setPosixFilePermissions(versionDir.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        ServiceUsers.give(versionDir, users.of(serviceName));
    }

    /** {@code command} wrapped so that it runs isolated. */
    List<String> wrap(String serviceName, Path versionDir, List<String> command) {
        List<String> wrapped = new ArrayList<>(switch (mode) {
            case USERS -> ServiceUsers.prefix(tool, users.of(serviceName));
            case SANDBOX -> sandbox(tool, dataDir, readOnly, versionDir);
            case NONE -> List.of();
        });
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * The whole file system as it is, but an empty data directory with only the version's folder in it, a /proc of its
     * own and a pid namespace: the service sees neither the manager's files nor its process. The network stays the
     * host's, so the service listens on loopback as before. No --die-with-parent: services outlive a manager restart.
     */
    static List<String> sandbox(Path bwrap, Path dataDir, Path versionDir) {
        return sandbox(bwrap, dataDir, List.of(), versionDir);
    }

    /** As above, with {@code readOnly} folders of the data directory shown read-only. */
    static List<String> sandbox(Path bwrap, Path dataDir, List<Path> readOnly, Path versionDir) {
        List<String> command = new ArrayList<>(List.of(bwrap.toString(), "--dev-bind", "/", "/", "--tmpfs", dataDir.toString()));
        for (Path folder : readOnly) {
            command.addAll(List.of("--ro-bind", folder.toString(), folder.toString()));
        }
        command.addAll(List.of("--bind", versionDir.toString(), versionDir.toString(), "--proc", "/proc", "--unshare-pid", "--"));
        return List.copyOf(command);
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean othersMaySearch(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

}
