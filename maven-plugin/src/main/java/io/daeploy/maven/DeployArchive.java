package io.daeploy.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The application as the manager expects it: the application jar at the root and a {@code libs/} folder with its
 * dependencies (what {@code mvn package} left in {@code target/}), as files by path for an incremental deploy, or
 * as a zip for the whole-archive upload.
 */
public final class DeployArchive {

    /** A fixed entry time so the same inputs give the same bytes. */
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(315532800000L); // 1980-01-01

    private DeployArchive() {
    }

    /**
     * Writes {@code zip} from the application jar and the regular files directly inside {@code libs}
     * (which may be absent: then the jar is alone). Nothing else goes in.
     *
     * @return the number of library files added
     */
    public static int write(Path jar, Path libs, Path zip) throws IOException {
        List<Path> libraries = libraries(libs);
        Files.createDirectories(zip.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            add(out, jar.getFileName().toString(), jar);
            if (!libraries.isEmpty()) {
                // An explicit folder entry: simple extractors create folders only from these.
                out.putNextEntry(entry("libs/"));
                out.closeEntry();
            }
            for (Path library : libraries) {
                add(out, "libs/" + library.getFileName(), library);
            }
        }
        return libraries.size();
    }

    /**
     * The application jar and the regular files directly inside {@code libs} (which may be absent), by their paths in
     * the application: the same names the zip of {@link #write} holds.
     */
    public static Map<String, Path> files(Path jar, Path libs) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(jar.getFileName().toString(), jar);
        for (Path library : libraries(libs)) {
            files.put("libs/" + library.getFileName(), library);
        }
        return files;
    }

    private static List<Path> libraries(Path libs) throws IOException {
        if (libs == null || !Files.isDirectory(libs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(libs)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        }
    }

    private static void add(ZipOutputStream out, String name, Path source) throws IOException {
        out.putNextEntry(entry(name));
        Files.copy(source, out);
        out.closeEntry();
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(ENTRY_TIME);
        return entry;
    }
}
