package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.deploy.ApplicationArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Splits an application folder ({@code application.jar}, {@code libs/}, anything else) into image layers
 * that change at different paces, least often first: released dependencies, snapshot dependencies,
 * other files, the application jar. A redeploy that only changes the application rebuilds only the last.
 * Everything lands under {@link #APP_DIR}, so the jar's manifest {@code Class-Path: libs/...} still holds.
 */
final class ApplicationLayers {

    static final AbsoluteUnixPath APP_DIR = AbsoluteUnixPath.get("/app");
    static final String APPLICATION_JAR = ApplicationArchive.APPLICATION_JAR;

    private ApplicationLayers() {
    }

    static List<FileEntriesLayer> of(Path appDir, ContentStore store) {
        List<Path> files = filesOf(appDir);
        Predicate<Path> isLib = f -> appDir.relativize(f).startsWith("libs");
        Predicate<Path> isSnapshot = f -> f.getFileName().toString().contains("SNAPSHOT");
        Predicate<Path> isApplication = f -> appDir.relativize(f).toString().equals(APPLICATION_JAR);

        List<FileEntriesLayer> layers = new ArrayList<>();
        layer("dependencies", appDir, files, isLib.and(isSnapshot.negate()), store).ifPresent(layers::add);
        layer("snapshot dependencies", appDir, files, isLib.and(isSnapshot), store).ifPresent(layers::add);
        layer("resources", appDir, files, isLib.negate().and(isApplication.negate()), store).ifPresent(layers::add);
        layer("application", appDir, files, isApplication, store).ifPresent(layers::add);
        return layers;
    }

    private static Optional<FileEntriesLayer> layer(String name, Path appDir, List<Path> files, Predicate<Path> which,
                                                              ContentStore store) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        List<Path> chosen = files.stream().filter(which).toList();
        for (Path file : chosen) {
            String relative = appDir.relativize(file).toString().replace('\\', '/');
            layer.addEntry(store.keep(file), APP_DIR.resolve(relative));
        }
        return chosen.isEmpty() ? Optional.empty() : Optional.of(layer.build());
    }

    /** Regular files, sorted, so that the same folder always gives the same layers. */
    private static List<Path> filesOf(Path appDir) {
        try (Stream<Path> walk = Files.walk(appDir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the application in " + appDir, e);
        }
    }
}
