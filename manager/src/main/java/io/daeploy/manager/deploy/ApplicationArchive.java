package io.daeploy.manager.deploy;

import io.daeploy.manager.errors.DomainException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Turns an uploaded file into an application folder: {@code application.jar} (with a {@code Main-Class})
 * and its {@code libs/}. Accepts a runnable jar, or a zip whose root holds the application jar and
 * {@code libs/}. Nothing is ever written outside the target folder.
 */
public final class ApplicationArchive {

    public static final String APPLICATION_JAR = "application.jar";

    private final long maxExtractedBytes;

    public ApplicationArchive(long maxExtractedBytes) {
        this.maxExtractedBytes = maxExtractedBytes;
    }

    /** Unpacks {@code upload} into {@code target} (which must not exist yet). */
    public void unpack(Path upload, Path target) {
        requireZipMagic(upload);
        try (ZipFile zip = new ZipFile(upload.toFile())) {
            List<? extends ZipEntry> entries = entries(zip);
            entries.forEach(entry -> requireSafeName(entry.getName()));
            Files.createDirectories(target);
            if (zip.getEntry(JarFile.MANIFEST_NAME) != null) {
                Files.copy(upload, target.resolve(APPLICATION_JAR), StandardCopyOption.REPLACE_EXISTING);
            } else {
                extractBundle(zip, entries, target);
            }
            requireMainClass(target.resolve(APPLICATION_JAR));
        } catch (ZipException e) {
            throw DomainException.invalid("file is not a readable jar or zip archive: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the application into " + target, e);
        }
    }

    private void extractBundle(ZipFile zip, List<? extends ZipEntry> entries, Path target) throws IOException {
        List<ZipEntry> rootJars = new ArrayList<>();
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            if (!entry.isDirectory() && !name.contains("/") && name.endsWith(".jar")) {
                rootJars.add(entry);
            }
        }
        if (rootJars.size() != 1) {
            throw DomainException.invalid("file must be a runnable jar, or a zip with exactly one application jar at"
                    + " its root (and its libs/ folder); found " + rootJars.size() + " jars at the root: "
                    + rootJars.stream().map(ZipEntry::getName).toList());
        }
        long written = 0;
        for (ZipEntry entry : entries) {
            if (entry.isDirectory()) {
                continue;
            }
            Path destination = entry == rootJars.get(0)
                    ? target.resolve(APPLICATION_JAR)
                    : target.resolve(entry.getName()).normalize();
            Files.createDirectories(destination.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
                written += Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
            }
            if (written > maxExtractedBytes) {
                throw DomainException.tooLarge("file unpacks to more than " + maxExtractedBytes / (1024 * 1024) + " MB");
            }
        }
    }

    private static List<? extends ZipEntry> entries(ZipFile zip) {
        List<ZipEntry> list = new ArrayList<>();
        Enumeration<? extends ZipEntry> e = zip.entries();
        while (e.hasMoreElements()) {
            list.add(e.nextElement());
        }
        return list;
    }

    /** Refuses absolute names and any {@code ..} segment: the classic zip-slip. */
    static void requireSafeName(String name) {
        String unified = name.replace('\\', '/');
        boolean absolute = unified.startsWith("/") || unified.matches("^[A-Za-z]:.*");
        boolean climbs = ("/" + unified + "/").contains("/../");
        if (absolute || climbs || unified.indexOf('\0') >= 0) {
            throw DomainException.invalid("file has an entry '" + name + "' that points outside the application"
                    + " folder; archive entries must be relative paths without '..'");
        }
    }

    private static void requireZipMagic(Path upload) {
        try (InputStream in = Files.newInputStream(upload)) {
            byte[] head = in.readNBytes(4);
            boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K'
                    && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6);
            if (!zip) {
                throw DomainException.invalid("file is not a jar or zip archive (send the jar built by mvn package,"
                        + " or a zip of it with its libs/ folder)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void requireMainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String mainClass = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            if (mainClass == null || mainClass.isBlank()) {
                throw DomainException.invalid("the application jar has no Main-Class in its manifest"
                        + " (configure maven-jar-plugin's <mainClass>)");
            }
        }
    }
}
