package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.config.ManagerSettings;

import java.util.regex.Pattern;

/** Checks CPU and memory quantities as Kubernetes reads them, before anything is created. */
final class Resources {

    /** A decimal number with an optional suffix: {@code 500m}, {@code 0.5}, {@code 512Mi}, {@code 1G}, {@code 1e3}. */
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][0-9]+)?");

    private Resources() {
    }

    static boolean isQuantity(String value) {
        return value != null && QUANTITY.matcher(value.trim()).matches();
    }

    static void check(ManagerSettings.Resources settings) {
        check("DAEPLOY_SERVICE_CPU_REQUEST", settings.cpuRequest());
        settings.cpuLimit().ifPresent(v -> check("DAEPLOY_SERVICE_CPU_LIMIT", v));
        check("DAEPLOY_SERVICE_MEMORY_REQUEST", settings.memoryRequest());
        settings.memoryLimit().ifPresent(v -> check("DAEPLOY_SERVICE_MEMORY_LIMIT", v));
    }

    private static void check(String setting, String value) {
        if (!isQuantity(value)) {
            throw new IllegalArgumentException("Setting " + setting + " must be a Kubernetes quantity such as 250m, 0.5,"
                    + " 512Mi or 1Gi; got '" + value + "'");
        }
    }
}
