package io.daeploy.manager.api.openapi;

import org.junit.jupiter.api.Test;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * No breaking change by accident: the manager's document of this release is kept in
 * {@code src/test/resources/openapi/manager.json}; a removed route or field, or a narrowed type, fails here
 * (openapi-diff). A change meant to break updates the fixture in the same commit
 * ({@code -Dopenapi.fixtures.write=true}) with a line in CHANGELOG.md.
 */
class OpenApiCompatibilityTest {

    static final Path FIXTURE = Path.of("src/test/resources/openapi/manager.json");

    @Test
    void theDocumentBreaksNothingOfTheKeptOne() throws IOException {
        String current = DocumentedAnswers.document().toPrettyString();
        if (Boolean.getBoolean("openapi.fixtures.write")) {
            Files.writeString(FIXTURE, current + "\n");
        }
        ChangedOpenApi diff = OpenApiCompare.fromContents(Files.readString(FIXTURE), current);
        assertFalse(diff.isCoreChanged().isIncompatible(), () -> "The manager's API breaks its kept document "
                + FIXTURE + ". If that is meant, run with -Dopenapi.fixtures.write=true and say so in CHANGELOG.md:\n"
                + markdown(diff));
    }

    private static String markdown(ChangedOpenApi diff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            return e.toString();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
