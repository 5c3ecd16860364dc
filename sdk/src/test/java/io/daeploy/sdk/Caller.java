package io.daeploy.sdk;

import java.util.Map;

/** A service that calls another one by name, as yatzee calls die_roller. */
public class Caller {

    @Entrypoint
    public int relay(String service) {
        return Daeploy.callService(service, "roll", Map.of(), Integer.class);
    }
}
