package io.daeploy.manager.api;

import io.daeploy.manager.runtime.ServiceRuntime;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The runtime in {@code /observe/health}: its name, and what keeps it from deploying, if anything. Such a problem
 * leaves the manager up (it still routes to the running services and can run existing images), so it is a detail,
 * not a failed check.
 */
public final class RuntimeHealth implements HealthCheck {

    private final ServiceRuntime runtime;

    public RuntimeHealth(ServiceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true).detail("name", runtime.name());
        runtime.problem().ifPresent(problem -> response.detail("problem", problem));
        return response.build();
    }
}
