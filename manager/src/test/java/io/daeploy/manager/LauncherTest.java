package io.daeploy.manager;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version check of {@code java -jar daeploy-manager.jar}; ClientOnOldJavaIT runs it on a real Java 17. */
class LauncherTest {

    @Test
    void readsTheMajorOfOldAndNewSpecificationVersions() {
        assertEquals(8, Launcher.major("1.8"));
        assertEquals(17, Launcher.major("17"));
        assertEquals(21, Launcher.major("21"));
        assertEquals(25, Launcher.major("25.0.1"));
    }

    @Test
    void theMessageIsOneLineNamingTheJavaFoundAndTheOneNeeded() {
        String message = Launcher.tooOld("17.0.15", "/usr/lib/jvm/java-17-openjdk-amd64");
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("needs Java 21 or newer, and this is Java 17.0.15 (/usr/lib/jvm/java-17-openjdk-amd64)"),
                message);
        assertTrue(message.contains("apt-get install openjdk-21-jdk-headless"), message);
    }
}
