package io.daeploy.maven;

import java.nio.file.Path;
import java.util.function.Function;

/** Where the client state file lives: {@code -Ddaeploy.config}, else env {@code DAEPLOY_CONFIG}, else the home default. */
public final class ConfigLocation {

    public static final String ENV_VARIABLE = "DAEPLOY_CONFIG";

    private ConfigLocation() {
    }

    /**
     * @param configured the {@code daeploy.config} setting, or null
     * @param env        looks up an environment variable (System::getenv outside tests)
     * @param userHome   the user's home directory
     */
    public static Path resolve(String configured, Function<String, String> env, String userHome) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        String fromEnv = env.apply(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.strip());
        }
        return Path.of(userHome, ".daeploy", "config.json");
    }
}
