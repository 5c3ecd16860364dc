package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Keys follow what makes an archive valid: content, order, JDK and options; never a version number. */
class CacheKeyTest {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m");
    private static final List<String> CLASSPATH = List.of("-cp", "/data/class-data/jars/aa.jar:/data/services/hello/1.0.0/app/application.jar", "Main");

    @Test
    void theSameJarsJdkAndOptionsGiveTheSameSharedKey() {
        assertEquals(CacheKey.sharedArchive(List.of("aa", "bb"), "25.0.3", OPTIONS),
                     CacheKey.sharedArchive(List.of("aa", "bb"), "25.0.3", OPTIONS));
    }

    @Test
    void anotherJarOrderJdkOrOptionMakesAnotherSharedKey() {
        String key = CacheKey.sharedArchive(List.of("aa", "bb"), "25.0.3", OPTIONS);
        assertNotEquals(key, CacheKey.sharedArchive(List.of("bb", "aa"), "25.0.3", OPTIONS));
        assertNotEquals(key, CacheKey.sharedArchive(List.of("aa", "bb"), "25.0.4", OPTIONS));
        assertNotEquals(key, CacheKey.sharedArchive(List.of("aa", "bb"), "25.0.3", List.of("-XX:+UseSerialGC", "-Xmx512m")));
    }

    @Test
    void newCodeUnderTheSameVersionMakesAnotherVersionKey() {
        String before = CacheKey.versionCache(CLASSPATH, List.of("app-digest-1"), "25.0.3", OPTIONS);
        assertNotEquals(before, CacheKey.versionCache(CLASSPATH, List.of("app-digest-2"), "25.0.3", OPTIONS));
        assertEquals(before, CacheKey.versionCache(CLASSPATH, List.of("app-digest-1"), "25.0.3", OPTIONS));
    }

    @Test
    void partsCannotRunIntoEachOther() {
        assertNotEquals(CacheKey.versionCache(List.of("ab"), List.of("c"), "25", OPTIONS),
                        CacheKey.versionCache(List.of("a"), List.of("bc"), "25", OPTIONS));
    }
}
