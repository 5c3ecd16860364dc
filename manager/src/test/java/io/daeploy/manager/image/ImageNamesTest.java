package io.daeploy.manager.image;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageNamesTest {

    @Test
    void localImagesAreUnderDaeployAndRegistryImagesUnderTheRegistry() {
        assertEquals("daeploy/die_roller:1.0.0", ImageNames.of("die_roller", "1.0.0", Optional.empty()));
        assertEquals("registry.example.com:5000/team/hello:1.0.0-rc.1",
                     ImageNames.of("hello", "1.0.0-rc.1", Optional.of("registry.example.com:5000/team")));
    }

    @Test
    void buildMetadataBecomesAValidTag() {
        assertEquals("daeploy/hello:1.0.0_build.7", ImageNames.of("hello", "1.0.0+build.7", Optional.empty()));
    }
}
