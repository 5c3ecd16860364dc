package io.daeploy.manager;

import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/** {@code java -jar manager/target/daeploy-manager.jar}: starts a manager with the settings of the environment. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        ManagerSettings settings;
        try {
            settings = ManagerSettings.from(config, System.getenv());
            ManagerServer.start(settings, AuthSettings.from(config, System.getenv()), config.get("server"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Daeploy manager cannot start: " + e.getMessage());
            System.exit(2);
        }
    }
}
