package io.daeploy.maven.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes the application jar again from {@code target/classes}, as {@code package} made it: its manifest (Main-Class,
 * Class-Path of {@code libs/}) and {@code META-INF/maven/} entries are kept byte for byte from the jar {@code package}
 * left, and the rest is the classes folder. The same content always gives the same bytes (sorted entries, one fixed
 * time), so the manager's content store recognises a jar it has, and a save that changed no class uploads nothing.
 */
public final class ApplicationJar {

    static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String MAVEN_FOLDER = "META-INF/maven/";
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(315532800000L); // 1980-01-01, as DeployArchive

    /** Entries taken from the packaged jar rather than from the classes folder, by name. */
    private final Map<String, byte[]> kept;

    private ApplicationJar(Map<String, byte[]> kept) {
        this.kept = kept;
    }

    /** Keeps the manifest and the Maven descriptors of the jar that {@code package} built. */
    public static ApplicationJar from(Path packagedJar) throws IOException {
        Map<String, byte[]> kept = new TreeMap<>();
        try (ZipFile jar = new ZipFile(packagedJar.toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().equals(MANIFEST) || entry.getName().startsWith(MAVEN_FOLDER)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        kept.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return new ApplicationJar(kept);
    }

    /** Writes {@code jar} (through a file beside it and a rename, so a reader never sees half a jar). */
    public void write(Path classes, Path jar) throws IOException {
        Map<String, Path> fromClasses = new TreeMap<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> paths = Files.walk(classes)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    if (!path.equals(classes)) {
                        String name = classes.relativize(path).toString().replace('\\', '/');
                        fromClasses.put(Files.isDirectory(path) ? name + "/" : name, path);
                    }
                }
            }
        }
        Path partial = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream out = new ZipOutputStream(file)) {
            // the manifest first: java -jar and JarInputStream look for it there
            folder(out, "META-INF/");
            if (kept.containsKey(MANIFEST)) {
                bytes(out, MANIFEST, kept.get(MANIFEST));
            }
            TreeMap<String, Object> rest = new TreeMap<>(fromClasses);
            kept.forEach((name, content) -> {
                if (!name.equals(MANIFEST)) {
                    rest.put(name, content);
                }
            });
            for (String name : kept.keySet()) { // the folders of the kept entries
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    rest.putIfAbsent(name.substring(0, slash + 1), name.substring(0, slash + 1));
                }
            }
            rest.remove("META-INF/");
            rest.remove(MANIFEST); // a MANIFEST.MF in the resources is not the jar's
            for (Map.Entry<String, Object> entry : rest.entrySet()) {
                if (entry.getKey().endsWith("/")) {
                    folder(out, entry.getKey());
                } else if (entry.getValue() instanceof byte[] content) {
                    bytes(out, entry.getKey(), content);
                } else {
                    out.putNextEntry(entry(entry.getKey()));
                    Files.copy((Path) entry.getValue(), out);
                    out.closeEntry();
                }
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void folder(ZipOutputStream out, String name) throws IOException {
        out.putNextEntry(entry(name));
        out.closeEntry();
    }

    private static void bytes(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(entry(name));
        out.write(content);
        out.closeEntry();
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(ENTRY_TIME);
        return entry;
    }
}
