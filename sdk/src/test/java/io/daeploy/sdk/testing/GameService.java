package io.daeploy.sdk.testing;

import java.util.Map;

import io.daeploy.common.Severity;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.HttpException;
import io.daeploy.sdk.Parameter;
import io.daeploy.sdk.ServiceCallException;

/** Calls another service, notifies and stores: everything the harness stands in for. */
public class GameService {

    final Parameter<Integer> target = Parameter.of("target", 6);

    @Entrypoint
    public String play() {
        int roll = Daeploy.callService("die_roller", "roll", Map.of("sides", 6), Integer.class);
        Daeploy.store("roll", roll);
        if (roll == target.get()) {
            Daeploy.notify("Jackpot: rolled " + roll, Severity.INFO);
            return "won";
        }
        return "lost";
    }

    @Entrypoint
    public String playVersion(String version) {
        return Daeploy.call("die_roller", "roll").version(version).arguments(Map.of("sides", 6)).as(String.class);
    }

    @Entrypoint
    public int status() {
        try {
            return Daeploy.callService("die_roller", "roll", null, Integer.class);
        } catch (ServiceCallException e) {
            throw new HttpException(503, e.status() + " " + e.getMessage());
        }
    }
}
