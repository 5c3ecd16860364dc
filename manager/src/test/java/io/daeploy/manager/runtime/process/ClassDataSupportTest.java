package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each JDK gets as a version's own cache, and when the caches stay out. */
class ClassDataSupportTest {

    private static final List<String> DEFAULTS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms8m", "-Xmx256m");

    @Test
    void jdk25AndLaterGetAnAotCache() {
        assertEquals(ClassDataSupport.AOT_CACHE, ClassDataSupport.choose("on", 25, DEFAULTS));
        assertEquals(ClassDataSupport.AOT_CACHE, ClassDataSupport.choose("on", 26, DEFAULTS));
        assertEquals("aot", ClassDataSupport.AOT_CACHE.fileExtension());
    }

    @Test
    void jdk21To24FallBackToADynamicAppCdsArchiveAndSaySo() {
        for (int jdk = 21; jdk <= 24; jdk++) {
            ClassDataSupport support = ClassDataSupport.choose("on", jdk, DEFAULTS);
            assertEquals(ClassDataSupport.DYNAMIC_ARCHIVE, support);
            String line = support.announcement("on", jdk);
            assertTrue(line.contains("JDK " + jdk) && line.contains("-XX:ArchiveClassesAtExit"), line);
        }
    }

    @Test
    void theSettingTurnsThemOff() {
        assertEquals(ClassDataSupport.OFF, ClassDataSupport.choose("off", 25, DEFAULTS));
        assertTrue(ClassDataSupport.OFF.announcement("off", 25).contains("DAEPLOY_SERVICE_CLASS_CACHE=off"));
    }

    @Test
    void javaOptionsThatManageClassDataThemselvesKeepTheCachesOut() {
        for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:AOTCache=/x.aot", "-XX:AOTMode=off",
                "-XX:ArchiveClassesAtExit=/x.jsa")) {
            ClassDataSupport support = ClassDataSupport.choose("on", 25, List.of("-Xmx64m", own));
            assertEquals(ClassDataSupport.OFF, support, own);
            assertTrue(support.announcement("on", 25).contains("DAEPLOY_SERVICE_JAVA_OPTS"));
        }
    }
}
