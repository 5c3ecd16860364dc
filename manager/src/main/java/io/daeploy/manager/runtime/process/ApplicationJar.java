package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What {@code java -jar} would read from a version's application jar: its main class, and the libraries its manifest's
 * {@code Class-Path} names that are there, in that order.
 */
record ApplicationJar(Path jar, Optional<String> mainClass, List<Path> libraries) {

    static ApplicationJar read(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes main = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
            String classPath = Optional.ofNullable(main.getValue(Attributes.Name.CLASS_PATH)).orElse("").trim();
            List<Path> libraries = classPath.isEmpty() ? List.of() : Arrays.stream(classPath.split("\\s+"))
                    .filter(entry -> !entry.contains(":") && !entry.endsWith("/")) // local jars only, as the class loader reads them
                    .map(entry -> jar.resolveSibling(entry).normalize())
                    .filter(Files::isRegularFile)
                    .distinct()
                    .toList();
            return new ApplicationJar(jar, Optional.ofNullable(main.getValue(Attributes.Name.MAIN_CLASS)).map(String::trim),
                                      libraries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest of " + jar + ": " + e.getMessage(), e);
        }
    }
}
