package io.daeploy.sdk;

import java.util.List;

/** A service with parameters of several kinds, for the parameter tests. */
public class TunableService {

    public enum Mode { FAST, CAREFUL }

    final Parameter<String> greeting = Parameter.of("greeting", "Hello");
    final Parameter<Integer> limit = Parameter.of("limit", 10).notExposed();
    final Parameter<List<Double>> weights = Parameter.of("weights", new TypeRef<List<Double>>() {}, List.of(0.5, 0.5));
    final Parameter<Mode> mode = Parameter.of("mode", Mode.FAST).monitored();
    private static final Parameter<Boolean> VERBOSE = Parameter.of("verbose", false);

    @Entrypoint
    public String hello(String name) {
        return greeting.get() + " " + name;
    }

    @Entrypoint(method = "GET")
    public int currentLimit() {
        return limit.get();
    }

    @Entrypoint
    public void raiseLimit() {
        limit.set(limit.get() + 1);
    }

    static boolean verbose() {
        return VERBOSE.get();
    }
}
