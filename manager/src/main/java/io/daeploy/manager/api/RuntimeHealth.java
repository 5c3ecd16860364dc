package io.daeploy.manager.api;

import io.daeploy.manager.core.Core;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.helidon.health.HealthCheck;
import java.util.function.BooleanSupplier;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The runtime in {@code /observe/health}: ready once the versions recorded at the start have been looked at (what still
 * runs is routed again, what does not is being started; where another manager leads, once the store was read), and no
 * more once the manager stops; with the runtime's name, this manager's name and whether it leads, and what keeps it
 * from deploying, if anything. Such a problem leaves the manager ready (it still routes to the running services and can run existing
 * images), so it is a detail, not a failed check.
 */
public final class RuntimeHealth implements HealthCheck {

    private final ServiceRuntime runtime;
    private final Core core;
    private final BooleanSupplier stopping;

    public RuntimeHealth(ServiceRuntime runtime, Core core, BooleanSupplier stopping) {
        this.runtime = runtime;
        this.core = core;
        this.stopping = stopping;
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
        boolean caughtUp = core.caughtUp();
        boolean stops = stopping.getAsBoolean();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(caughtUp && !stops)
                .detail("name", runtime.name())
                .detail("manager", core.leadership().name())
                .detail("leads", core.reconciler().leading());
        if (!caughtUp) {
            response.detail("versionsToLookAt", core.toLookAt());
        }
        if (stops) {
            response.detail("stopping", "this manager stops: requests go to the others");
        }
        runtime.problem().ifPresent(problem -> response.detail("problem", problem));
        return response.build();
    }
}
