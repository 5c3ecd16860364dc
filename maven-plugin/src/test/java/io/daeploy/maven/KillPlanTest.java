package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KillPlanTest {

    private static final List<ServiceVersion> DEPLOYED = List.of(
            service("hello", "1.0.0", true),
            service("hello", "1.1.0", false),
            service("dice", "2.0.0", true),
            service("hello", "1.2.0", false));

    @Test
    void byNameKillsShadowsBeforeTheMain() {
        assertEquals(List.of("hello 1.1.0", "hello 1.2.0", "hello 1.0.0"),
                     labels(KillPlan.select(DEPLOYED, false, "hello", null)));
    }

    @Test
    void byNameAndVersionKillsOne() {
        assertEquals(List.of("hello 1.2.0"), labels(KillPlan.select(DEPLOYED, false, "hello", "1.2.0")));
    }

    @Test
    void allKillsEverythingShadowsFirstPerName() {
        assertEquals(List.of("dice 2.0.0", "hello 1.1.0", "hello 1.2.0", "hello 1.0.0"),
                     labels(KillPlan.select(DEPLOYED, true, null, null)));
    }

    @Test
    void nothingMatches() {
        assertEquals(List.of(), KillPlan.select(DEPLOYED, false, "nope", null));
        assertEquals(List.of(), KillPlan.select(DEPLOYED, false, "hello", "9.9.9"));
    }

    private static ServiceVersion service(String name, String version, boolean main) {
        return new ServiceVersion(name, version, main, "running", Instant.EPOCH, null, null);
    }

    private static List<String> labels(List<ServiceVersion> services) {
        return services.stream().map(s -> s.name() + " " + s.version()).toList();
    }
}
