package io.daeploy.manager.runtime.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a version's JVM starts: the class-data options it maps, and what it runs ({@code -cp <shared jars>:<own jar>
 * <main class>}, or {@code -jar} when there are no caches).
 *
 * @param classDataOptions options naming the archives this start maps
 * @param program          {@code -cp ... Main} or {@code -jar application.jar}
 * @param sharedJars       digests of the libraries, in class path order (empty for {@code -jar})
 * @param archive          the shared archive whose jars the class path starts with
 * @param versionCache     where the version's own cache for this class path, JDK and options is (or will be)
 */
record ClassDataLaunch(List<String> classDataOptions, List<String> program, List<String> sharedJars,
                       Optional<SharedClassData.Archive> archive, Optional<Path> versionCache) {

    /** As before class data: {@code -jar}, nothing mapped but the JDK's own archive. */
    static ClassDataLaunch plain(Path applicationJar) {
        return new ClassDataLaunch(List.of(), List.of("-jar", applicationJar.toString()), List.of(), Optional.empty(),
                                   Optional.empty());
    }

    /** {@code -cp} with {@code classpath} in order, then the main class. */
    static List<String> program(List<Path> classpath, String mainClass) {
        return List.of("-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()), mainClass);
    }

    /**
     * The options that map what there is: the version's cache when made, else the shared archive. An AOT cache holds the
     * JDK's and the libraries' classes too and replaces the shared archive; a dynamic archive is layered on it.
     */
    static List<String> options(ClassDataSupport support, Optional<SharedClassData.Archive> archive, Optional<Path> versionCache) {
        Optional<Path> cache = versionCache.filter(Files::isRegularFile);
        List<String> options = new ArrayList<>();
        if (support == ClassDataSupport.AOT_CACHE && cache.isPresent()) {
            options.add("-XX:AOTCache=" + cache.get());
        } else if (support == ClassDataSupport.DYNAMIC_ARCHIVE && cache.isPresent()) {
            options.add("-XX:SharedArchiveFile=" + String.join(File.pathSeparator,
                    Stream.concat(archive.map(SharedClassData.Archive::file).stream(), cache.stream()).map(Path::toString).toList()));
        } else {
            archive.ifPresent(a -> options.add("-XX:SharedArchiveFile=" + a.file()));
        }
        return options;
    }

    boolean versionCacheMade() {
        return versionCache.map(Files::isRegularFile).orElse(false);
    }
}
