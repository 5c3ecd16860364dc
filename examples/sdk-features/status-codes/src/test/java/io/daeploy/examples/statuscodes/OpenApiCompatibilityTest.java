package io.daeploy.examples.statuscodes;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.daeploy.sdk.testing.DaeployTestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;

/**
 * No breaking change by accident: this example's document, as the SDK makes it in-process, is kept in
 * {@code src/test/resources/openapi/status-codes.json}; a removed entrypoint or field, or a narrowed type, fails here
 * (openapi-diff). A change meant to break updates the fixture in the same commit
 * ({@code -Dopenapi.fixtures.write=true}) with a line in CHANGELOG.md.
 */
class OpenApiCompatibilityTest {

    private static final Path FIXTURE = Path.of("src/test/resources/openapi/status-codes.json");

    @RegisterExtension
    DaeployTestService orders = DaeployTestService.of(new OrderService());

    @Test
    void theDocumentBreaksNothingOfTheKeptOne() throws IOException {
        String current = orders.get("/openapi").json().toPrettyString();
        if (Boolean.getBoolean("openapi.fixtures.write")) {
            Files.writeString(FIXTURE, current + "\n");
        }
        ChangedOpenApi diff = OpenApiCompare.fromContents(Files.readString(FIXTURE), current);
        assertFalse(diff.isCoreChanged().isIncompatible(), () -> "The service breaks its kept document " + FIXTURE
                + ": missing " + diff.getMissingEndpoints().stream().map(e -> e.getMethod() + " " + e.getPathUrl()).toList()
                + ", changed " + diff.getChangedOperations().stream().filter(o -> o.isCoreChanged().isIncompatible())
                        .map(o -> o.getHttpMethod() + " " + o.getPathUrl()).toList()
                + ". If that is meant, run with -Dopenapi.fixtures.write=true and say so in CHANGELOG.md");
    }
}
