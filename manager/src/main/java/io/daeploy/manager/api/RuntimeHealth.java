package io.daeploy.manager.api;

import io.daeploy.manager.core.Reconciler;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The runtime in {@code /observe/health}: ready once the versions recorded at the start have been looked at (what still
 * runs is routed again, what does not is being started), with the runtime's name and what keeps it from deploying, if
 * anything. Such a problem leaves the manager ready (it still routes to the running services and can run existing
 * images), so it is a detail, not a failed check.
 */
public final class RuntimeHealth implements HealthCheck {

    private final ServiceRuntime runtime;
    private final Reconciler reconciler;

    public RuntimeHealth(ServiceRuntime runtime, Reconciler reconciler) {
        this.runtime = runtime;
        this.reconciler = reconciler;
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
        boolean caughtUp = reconciler.caughtUp();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(caughtUp).detail("name", runtime.name());
        if (!caughtUp) {
            response.detail("versionsToLookAt", reconciler.toLookAt());
        }
        runtime.problem().ifPresent(problem -> response.detail("problem", problem));
        return response.build();
    }
}
