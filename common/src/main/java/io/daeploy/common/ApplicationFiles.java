package io.daeploy.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local files of an application with the manifest entry of each (path in the application, SHA-256, size): what an
 * incremental deploy announces, and where the bytes of the entries the manager lacks are read from.
 */
public final class ApplicationFiles {

    private final Map<ManifestEntry, Path> files;

    private ApplicationFiles(Map<ManifestEntry, Path> files) {
        this.files = files;
    }

    /**
     * Hashes each file.
     *
     * @param files local file by path in the application ({@code app.jar}, {@code libs/x.jar}), in the order to announce
     */
    public static ApplicationFiles of(Map<String, Path> files) throws IOException {
        Map<ManifestEntry, Path> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            entries.put(new ManifestEntry(file.getKey(), sha256(file.getValue()), Files.size(file.getValue())), file.getValue());
        }
        return new ApplicationFiles(entries);
    }

    public List<ManifestEntry> entries() {
        return new ArrayList<>(files.keySet());
    }

    /** The local file of an entry. */
    public Path file(ManifestEntry entry) {
        return files.get(entry);
    }

    public long totalBytes() {
        return files.keySet().stream().mapToLong(ManifestEntry::size).sum();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
