package io.daeploy.manager;

import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.testsupport.openapi.FuzzReport;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ManagerApiFuzzTest}'s inputs to every JSON route of a whole manager with authentication on, called with a
 * valid admin token: besides the routes of the fake-runtime set-up, the rollout, comparison and traffic routes and
 * those that exist only with authentication ({@code /auth/...}, {@code /admin/user...}).
 */
class AuthenticatedManagerApiFuzzTest {

    @TempDir
    Path dataDir;

    @Test
    void noInputMakesTheWholeApiAnswerOutsideItsDocument() {
        ManagerSettings settings = ManagerSettings.from(Config.empty(),
                Map.of("DAEPLOY_PORT", "0", "DAEPLOY_DATA_DIR", dataDir.toString()));
        try (ManagerServer manager = ManagerServer.start(settings, new AuthSettings(true, Optional.of("correct horse battery")),
                Config.empty())) {
            String token = manager.authentication().tokens().session("admin");
            List<String> operations = ManagerApiFuzzTest.jsonOperations(manager.routes());
            FuzzReport report = ManagerApiFuzzTest.fuzz(URI.create("http://127.0.0.1:" + manager.port()),
                    Map.of("Authorization", "Bearer " + token), operations);
            assertTrue(report.findings().isEmpty(), report.firstFindings());
            for (String route : List.of("POST /services/~rollout", "PUT /services/~rollout", "GET /services/~comparison",
                    "PUT /services/~comparison", "GET /services/~traffic", "POST /auth/token", "GET /auth/token",
                    "DELETE /auth/token/{id}", "GET /auth/verify", "GET /admin/user/", "POST /admin/user/{name}",
                    "PUT /admin/user/{name}", "DELETE /admin/user/{name}")) {
                assertTrue(report.tried().containsKey(route), route + " fuzzed: " + report.tried().keySet());
            }
        }
    }
}
