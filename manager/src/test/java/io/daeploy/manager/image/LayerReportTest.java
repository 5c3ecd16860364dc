package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.LogEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerReportTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void layersJibSaysItBuiltAreBuiltAndTheOthersCameFromTheCache() {
        LayerReport report = new LayerReport(List.of("dependencies", "snapshot dependencies", "application"));
        report.note(LogEvent.progress("Building application layer..."));
        report.note(LogEvent.debug("Building snapshot dependencies layer built " + DIGEST));
        report.note(LogEvent.debug("Building application layer built " + DIGEST));
        report.note(LogEvent.info("Building dependencies layer built " + DIGEST)); // not Jib's debug event
        assertEquals("Layers built: snapshot dependencies, application; from the cache: dependencies", report.summary());
    }

    @Test
    void aFirstBuildBuildsAllAndAnIdenticalOneNone() {
        LayerReport first = new LayerReport(List.of("dependencies", "application"));
        first.note(LogEvent.debug("Building dependencies layer built " + DIGEST));
        first.note(LogEvent.debug("Building application layer built " + DIGEST));
        assertEquals("Layers built: dependencies, application; from the cache: none", first.summary());
        assertEquals("Layers built: none; from the cache: dependencies, application",
                     new LayerReport(List.of("dependencies", "application")).summary());
    }
}
