package io.daeploy.manager;

import io.daeploy.manager.auth.AdminPasswordReset;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.HttpsSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.store.StoreCopy;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

import java.util.Map;
import java.util.stream.Collectors;

/** {@code java -jar manager/target/daeploy-manager.jar}: starts a manager with the settings of the environment. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        leaveCoresToTheServices();
        LogConfig.configureRuntime();
        Config config = Config.create();
        ManagerSettings settings;
        try {
            settings = ManagerSettings.from(config, System.getenv());
            if (args.length == 1 && args[0].equals(AdminPasswordReset.COMMAND)) {
                System.exit(AdminPasswordReset.run(settings.database(), settings.dataDir(), System.getenv()));
            }
            if (args.length > 0) {
                if (args.length > 1 || !args[0].equals(COPY_TO_POSTGRESQL)) {
                    System.err.println("Daeploy manager: unknown arguments " + String.join(" ", args) + "; it takes none (it"
                            + " is configured by DAEPLOY_* settings), or " + COPY_TO_POSTGRESQL + " or "
                            + AdminPasswordReset.COMMAND + " alone");
                    System.exit(2);
                    return;
                }
                copyToPostgresql(settings);
                return;
            }
            ManagerServer.start(settings, HttpsSettings.from(config, System.getenv()), AuthSettings.from(config, System.getenv()),
                                config.get("server")).stopGracefullyOnSignal();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Daeploy manager cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    /** {@code java -jar daeploy-manager.jar copy-to-postgresql}: the one-shot move of the store, then the manager stops. */
    static final String COPY_TO_POSTGRESQL = "copy-to-postgresql";

    private static void copyToPostgresql(ManagerSettings settings) {
        Map<String, Integer> copied;
        try {
            copied = StoreCopy.copy(settings.dataDir(), settings.database());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Daeploy manager cannot copy its store: " + e.getMessage());
            System.exit(2);
            return;
        }
        String counts = copied.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        System.out.println("Copied the store of " + settings.dataDir() + " into " + settings.database() + ": " + counts
                + " rows. Start the manager with the same DAEPLOY_DATA_DIR and DAEPLOY_DATABASE_* settings.");
    }

    /**
     * The manager shares its host with the services it runs, so its virtual threads get half the cores, but never
     * fewer than two, unless {@code -Djdk.virtualThreadScheduler.parallelism} says otherwise. Fewer carrier threads
     * park and wake less (less CPU per request), but with a single one every request waits whenever the system
     * takes that one thread off its core: the gateway's p99 was several times longer (bench/README.md). Only from
     * JDK 24 on, where a virtual thread blocked inside {@code synchronized} no longer holds its carrier; must run
     * before the first virtual thread starts.
     */
    static void leaveCoresToTheServices() {
        String parallelism = "jdk.virtualThreadScheduler.parallelism";
        if (System.getProperty(parallelism) == null && Runtime.version().feature() >= 24) {
            System.setProperty(parallelism, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() / 2)));
        }
    }
}
