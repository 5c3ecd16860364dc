package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class path starts with the archive's jars in its order, so that the JVM maps the archive. */
class SharedJarOrderTest {

    @Test
    void theArchivesJarsComeFirstInItsOrderThenTheOthersInManifestOrder() {
        List<String> libraries = List.of("guava", "sdk", "helidon", "jackson");
        List<String> archive = List.of("helidon", "jackson", "sdk");
        assertTrue(SharedJarOrder.fits(archive, libraries));
        assertEquals(List.of("helidon", "jackson", "sdk", "guava"), SharedJarOrder.order(libraries, archive));
    }

    @Test
    void anArchiveWithAJarTheVersionLacksDoesNotFitAndTheManifestOrderStays() {
        List<String> libraries = List.of("sdk", "helidon");
        List<String> archive = List.of("helidon", "jackson", "sdk");
        assertFalse(SharedJarOrder.fits(archive, libraries));
        assertEquals(libraries, SharedJarOrder.order(libraries, archive));
    }

    @Test
    void noArchiveFitsAVersionWithoutLibraries() {
        assertFalse(SharedJarOrder.fits(List.of(), List.of()));
        assertEquals(List.of(), SharedJarOrder.order(List.of(), List.of()));
    }

    @Test
    void aJarNamedTwiceIsOnTheClassPathOnce() {
        assertEquals(List.of("a", "b"), SharedJarOrder.order(List.of("a", "b", "a"), List.of()));
    }
}
