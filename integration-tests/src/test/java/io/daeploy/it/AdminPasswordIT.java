package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real manager: DAEPLOY_ADMIN_PASSWORD creates the admin at the first start only; the admin changes the password
 * through the API, a restart keeps it, and {@code reset-admin-password} (the jar, as a user runs it) sets it again.
 */
class AdminPasswordIT {

    private static final String FROM_THE_ENVIRONMENT = "admin password 1";
    private static final String CHANGED = "changed by the admin";
    private static final String RESET = "the reset password";

    private ManagerProcess manager;

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void theAdminsOwnPasswordOutlivesARestartAndAForgottenOneIsReset() throws Exception {
        manager = ManagerProcess.start("admin-password", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", FROM_THE_ENVIRONMENT));
        new ManagerClient(manager.url(), login(FROM_THE_ENVIRONMENT), Duration.ofSeconds(30)).changePassword("admin", CHANGED);

        Command refused = resetAdminPassword(manager.dataDir());
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().startsWith("Daeploy manager cannot reset the admin password: "), refused.output());

        manager.stop();
        manager.restart();
        assertEquals(401, assertThrows(ManagerException.class, () -> login(FROM_THE_ENVIRONMENT)).status(),
                "a restart with DAEPLOY_ADMIN_PASSWORD does not change the password back");
        login(CHANGED);

        manager.stop();
        Command reset = resetAdminPassword(manager.dataDir());
        assertEquals(0, reset.exitCode(), reset.output());
        manager.restart();
        login(RESET);
        assertEquals(401, assertThrows(ManagerException.class, () -> login(CHANGED)).status());
    }

    private record Command(int exitCode, String output) {
    }

    private static Command resetAdminPassword(Path dataDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ManagerProcess.javaBinary(), "-jar", TestPaths.managerJar().toString(),
                "reset-admin-password").redirectErrorStream(true);
        builder.environment().putAll(Map.of("DAEPLOY_DATA_DIR", dataDir.toString(), "DAEPLOY_ADMIN_PASSWORD", RESET));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return new Command(process.exitValue(), output);
    }

    private String login(String password) {
        return new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", password);
    }
}
