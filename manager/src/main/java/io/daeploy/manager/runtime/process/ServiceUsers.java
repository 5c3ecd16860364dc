package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A system user per service name, for a manager that runs as root: the JVM of every version of {@code hello} runs as
 * {@code daeploy-hello}, made with {@code useradd} when missing, so that a service reaches only its own folder and
 * cannot signal the manager or another service.
 */
final class ServiceUsers {

    /** Linux keeps user names to 32 characters. */
    static final int MAX_NAME = 32;
    private static final String PREFIX = "daeploy-";

    /** A user and its own group, by number. */
    record Account(String name, int uid, int gid) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /**
     * {@code daeploy-<name>}; a longer one is cut and ends with {@code -} and 8 hex digits of a hash of the whole
     * name. Service names hold only {@code [a-z0-9_]}, all valid in a user name, and the cut ones carry a dash where no
     * uncut one has, so two names never share a user.
     */
    static String userName(String serviceName) {
        String whole = PREFIX + serviceName;
        if (whole.length() <= MAX_NAME) {
            return whole;
        }
        String hash = HexFormat.of().formatHex(sha256(serviceName)).substring(0, 8);
        return whole.substring(0, MAX_NAME - hash.length() - 1) + "-" + hash;
    }

    /** The command that runs what follows it as {@code account}, without the manager's groups or a way back to root. */
    static List<String> prefix(Path setpriv, Account account) {
        return List.of(setpriv.toString(), "--reuid=" + account.uid(), "--regid=" + account.gid(), "--clear-groups",
                "--no-new-privs", "--");
    }

    /** The user of a service name, made when missing. */
    Account of(String serviceName) {
        return accounts.computeIfAbsent(userName(serviceName), ServiceUsers::findOrCreate);
    }

    /**
     * Gives a version's folder its owners, before the version starts: {@code app/} (the application, the working
     * directory with {@code service-data/}) and the {@code app-<revision>/} of reloads become the service's, mode 0700; the version folder and {@code logs/}
     * stay root's, readable by the service's group. The manager, as root, writes, rotates and serves the logs: were
     * they in a folder the service owns, it could swap them for links to the database and have the manager read or
     * truncate that.
     */
    static void give(Path versionDir, Account account) throws IOException {
        Path app = versionDir.resolve("app");
        Path logs = versionDir.resolve("logs");
        Files.createDirectories(logs);
        chown(versionDir, 0, account.gid(), "rwxr-x---");
        chown(logs, 0, account.gid(), "rwxr-x---");
        Path live = ProcessRuntime.logFile(versionDir);
        if (Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS)) {
            chown(live, 0, account.gid(), "rw-r-----");
        }
        if (Files.isDirectory(app, LinkOption.NOFOLLOW_LINKS) && ownerOf(app) != account.uid()) {
            handOver(app, account);
        }
        try (var revisions = Files.list(versionDir)) { // the code of reloads (daeploy:dev): app-1, app-2, ...
            for (Path revision : revisions.filter(path -> path.getFileName().toString().matches("app-\\d+")).toList()) {
                if (Files.isDirectory(revision, LinkOption.NOFOLLOW_LINKS) && ownerOf(revision) != account.uid()) {
                    handOver(revision, account);
                }
            }
        }
    }

    /**
     * Bottom-up, so that every folder is still root's while what is in it changes hands: the service cannot swap a
     * path for a link under the walk. A tree the service owns already is never walked again.
     */
    private static void handOver(Path app, Account account) throws IOException {
        Files.walkFileTree(app, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                lchown(file, account);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                lchown(dir, account);
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwx------"));
    }

    private static void lchown(Path path, Account account) throws IOException {
        Files.setAttribute(path, "unix:uid", account.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", account.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private static void chown(Path path, int uid, int gid, String mode) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    static int ownerOf(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static Account findOrCreate(String user) {
        for (int attempt = 0; ; attempt++) {
            Integer uid = id(user, "-u");
            if (uid != null) {
                return new Account(user, uid, id(user, "-g"));
            }
            // another manager (or test) may hold the lock of /etc/passwd a moment: look again, then try again
            String failure = run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--user-group", user));
            if (failure != null && attempt >= 4) {
                throw new IllegalStateException("Cannot create the user " + user + " that its service runs as: " + failure);
            }
            if (failure != null) {
                sleep(200L * (attempt + 1));
            }
        }
    }

    private static Integer id(String user, String which) {
        try {
            Process id = new ProcessBuilder("id", which, user).redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return id.waitFor() == 0 ? Integer.valueOf(out) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run id: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
