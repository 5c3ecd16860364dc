package io.daeploy.sdk;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Notices an {@link HttpException} status that the entrypoint's OpenAPI document does not list: the answer still
 * goes out, and the log gets one warning per entrypoint and status, so the author learns to declare it
 * ({@code @Entrypoint(errors = {404})}) without a log line per call.
 */
final class UndeclaredStatuses {

    private static final Logger LOGGER = Logger.getLogger(EntrypointHandler.class.getName());

    private final String entrypoint;
    private final Set<Integer> documented = new HashSet<>();
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    UndeclaredStatuses(EntrypointDefinition definition) {
        this.entrypoint = definition.name();
        documented.addAll(OpenApiGenerator.documentedStatuses(definition));
    }

    void warnOnce(int status) {
        if (!documented.contains(status) && warned.add(status)) {
            LOGGER.warning("Entrypoint " + entrypoint + " answered " + status + ", a status it does not declare;"
                    + " add it to @Entrypoint(errors = {...}) so that its OpenAPI document lists it");
        }
    }
}
