package io.daeploy.manager.deploy;

import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.content.Sha256;
import io.daeploy.manager.errors.DomainException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of an application as an incremental deploy names them (path, SHA-256, size), laid out as the whole-archive
 * zip is: exactly one jar at the root (the application, stored as {@code application.jar}) and any other file at its
 * path, {@code libs/} for the libraries. Checked when made: relative paths without {@code ..}, no path twice, no file
 * where another entry needs a folder, within the limits of entries and bytes.
 */
public final class ApplicationManifest {

    /** More files than this is not an application but a mistake (a Spring Boot service has about 100). */
    public static final int MAX_ENTRIES = 10_000;
    static final int MAX_PATH_LENGTH = 1024;

    private final List<ManifestEntry> entries;
    private final ManifestEntry applicationJar;

    private ApplicationManifest(List<ManifestEntry> entries, ManifestEntry applicationJar) {
        this.entries = entries;
        this.applicationJar = applicationJar;
    }

    /**
     * @param maxBytes the most the application's files may add up to (an archive may unpack to as much)
     * @throws DomainException invalid, naming the entry, or too large
     */
    public static ApplicationManifest of(List<ManifestEntry> entries, long maxBytes) {
        if (entries == null || entries.isEmpty()) {
            throw DomainException.invalid("entries is empty: name the application jar and its libraries");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw DomainException.tooLarge("the manifest has " + entries.size() + " entries; at most " + MAX_ENTRIES);
        }
        Set<String> paths = new HashSet<>();
        long total = 0;
        for (ManifestEntry entry : entries) {
            requireValid(entry);
            if (!paths.add(entry.path())) {
                throw DomainException.invalid("Entry " + entry.path() + " is listed twice");
            }
            total += entry.size();
            if (total > maxBytes) {
                throw DomainException.tooLarge("the application's files add up to more than " + maxBytes / (1024 * 1024)
                        + " MB");
            }
        }
        for (String path : paths) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                if (paths.contains(path.substring(0, slash))) {
                    throw DomainException.invalid("Entry " + path.substring(0, slash) + " is a file, but entry " + path
                            + " needs it as a folder");
                }
            }
        }
        List<ManifestEntry> rootJars = entries.stream().filter(ApplicationManifest::isRootJar).toList();
        if (rootJars.size() != 1) {
            throw DomainException.invalid("entries must hold exactly one jar at the root, the application (its libraries go"
                    + " under libs/); found " + rootJars.size() + ": " + rootJars.stream().map(ManifestEntry::path).toList());
        }
        return new ApplicationManifest(List.copyOf(entries), rootJars.get(0));
    }

    private static void requireValid(ManifestEntry entry) {
        String path = entry.path();
        if (path == null || path.isEmpty()) {
            throw DomainException.invalid("Entry " + entry + ": path is required");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw DomainException.invalid("Entry " + path.substring(0, 40) + "...: path is longer than " + MAX_PATH_LENGTH
                    + " characters");
        }
        boolean absolute = path.startsWith("/") || path.matches("^[A-Za-z]:.*");
        boolean oddSegment = List.of(path.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
        boolean oddCharacter = path.chars().anyMatch(c -> c < 0x20 || c == '\\' || c == 0x7f);
        if (absolute || oddSegment || oddCharacter) {
            throw DomainException.invalid("Entry " + path + " points outside the application folder or is no plain file"
                    + " path: paths are relative, with '/' between names, and no '..', '.' or empty name");
        }
        if (!Sha256.isDigest(entry.sha256())) {
            throw DomainException.invalid("Entry " + path + ": sha256 must be 64 lower-case hexadecimal digits, got '"
                    + entry.sha256() + "'");
        }
        if (entry.size() < 0) {
            throw DomainException.invalid("Entry " + path + ": size must be 0 or more, got " + entry.size());
        }
    }

    private static boolean isRootJar(ManifestEntry entry) {
        return !entry.path().contains("/") && entry.path().endsWith(".jar");
    }

    public List<ManifestEntry> entries() {
        return entries;
    }

    /** The contents the application is made of, each once. */
    public Set<String> digests() {
        Set<String> digests = new LinkedHashSet<>();
        entries.forEach(entry -> digests.add(entry.sha256()));
        return digests;
    }

    /** The application's own jar: the one jar at the root. */
    public ManifestEntry applicationJar() {
        return applicationJar;
    }

    /** Where an entry goes in the application folder {@code appDir}: the root jar is {@code application.jar}. */
    Path destination(ManifestEntry entry, Path appDir) {
        return entry.equals(applicationJar) ? appDir.resolve(ApplicationArchive.APPLICATION_JAR) : appDir.resolve(entry.path());
    }

    /**
     * The contents the store lacks. Those it has are kept a while for the deploy to come ({@link ContentStore#missing});
     * one whose size is not the entry's means the manifest lies about it, which is refused, naming the entry.
     */
    public Set<String> missingIn(ContentStore store) {
        Set<String> missing = store.missing(digests());
        for (ManifestEntry entry : entries) {
            if (!missing.contains(entry.sha256())) {
                long stored = storedSize(store, entry.sha256());
                if (stored >= 0 && stored != entry.size()) {
                    throw DomainException.invalid("Entry " + entry.path() + ": size " + entry.size() + ", but its content (sha256 "
                            + entry.sha256() + ") has " + stored + " bytes");
                }
            }
        }
        return missing;
    }

    /** The entries whose contents are in {@code missing}, for a message: {@code libs/a.jar (sha256 ...)}. */
    List<String> describe(Set<String> missing) {
        return entries.stream().filter(entry -> missing.contains(entry.sha256()))
                .map(entry -> entry.path() + " (sha256 " + entry.sha256() + ")").toList();
    }

    private static long storedSize(ContentStore store, String sha256) {
        try {
            return Files.size(store.path(sha256));
        } catch (NoSuchFileException pruned) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
