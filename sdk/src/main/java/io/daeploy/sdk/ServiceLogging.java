package io.daeploy.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;

import io.helidon.logging.common.LogConfig;

/**
 * Logging for a service started by {@link DaeployService#run}: java.util.logging, one compact line
 * per record on stderr. The defaults ship under an SDK-private resource name, never as a root
 * {@code logging.properties}, so a service author's own file always wins.
 */
final class ServiceLogging {

    private static final String AUTHOR_FILE = "logging.properties";
    private static final String DEFAULTS = "default-logging.properties";

    private ServiceLogging() {
    }

    static void configure() {
        if (Boolean.getBoolean("io.helidon.logging.config.disabled")) {
            return;
        }
        if (authorConfiguredLogging()) {
            LogConfig.configureRuntime(); // Helidon finds and applies the author's file
            return;
        }
        try (InputStream in = ServiceLogging.class.getResourceAsStream(DEFAULTS)) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("Daeploy SDK: cannot apply the default logging configuration: " + e.getMessage());
        }
    }

    static boolean authorConfiguredLogging() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null
                || Files.exists(Path.of(AUTHOR_FILE))
                || (loader != null && loader.getResource(AUTHOR_FILE) != null)
                || ServiceLogging.class.getClassLoader().getResource(AUTHOR_FILE) != null;
    }
}
