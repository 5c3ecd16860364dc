package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which archives a start maps: the version's cache once it is made, else the shared archive, else none. */
class ClassDataLaunchTest {

    @TempDir
    Path dir;

    private SharedClassData.Archive archive() {
        return new SharedClassData.Archive("k", List.of("aa"), dir.resolve("shared.jsa"));
    }

    @Test
    void withoutTheVersionsCacheTheSharedArchiveIsMapped() {
        Optional<Path> missing = Optional.of(dir.resolve("v.aot"));
        assertEquals(List.of("-XX:SharedArchiveFile=" + dir.resolve("shared.jsa")),
                     ClassDataLaunch.options(ClassDataSupport.AOT_CACHE, Optional.of(archive()), missing));
        assertEquals(List.of(), ClassDataLaunch.options(ClassDataSupport.AOT_CACHE, Optional.empty(), missing));
    }

    @Test
    void anAotCacheReplacesTheSharedArchive() throws IOException {
        Path cache = Files.writeString(dir.resolve("v.aot"), "x");
        assertEquals(List.of("-XX:AOTCache=" + cache),
                     ClassDataLaunch.options(ClassDataSupport.AOT_CACHE, Optional.of(archive()), Optional.of(cache)));
    }

    @Test
    void aDynamicArchiveIsLayeredOnTheSharedOne() throws IOException {
        Path cache = Files.writeString(dir.resolve("v.jsa"), "x");
        assertEquals(List.of("-XX:SharedArchiveFile=" + dir.resolve("shared.jsa") + ":" + cache),
                     ClassDataLaunch.options(ClassDataSupport.DYNAMIC_ARCHIVE, Optional.of(archive()), Optional.of(cache)));
        assertEquals(List.of("-XX:SharedArchiveFile=" + cache),
                     ClassDataLaunch.options(ClassDataSupport.DYNAMIC_ARCHIVE, Optional.empty(), Optional.of(cache)));
    }

    @Test
    void theProgramIsTheClassPathInOrderThenTheMainClass() {
        assertEquals(List.of("-cp", "/s/a.jar:/s/b.jar:/v/app/application.jar", "com.example.Main"),
                     ClassDataLaunch.program(List.of(Path.of("/s/a.jar"), Path.of("/s/b.jar"), Path.of("/v/app/application.jar")),
                                             "com.example.Main"));
        assertEquals(List.of("-jar", "/v/app/application.jar"), ClassDataLaunch.plain(Path.of("/v/app/application.jar")).program());
    }
}
