package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogroupsTest {

    @Test
    void cgroupV1WeighsByAutogroupOnlyInTheRootCpuGroup() {
        assertTrue(Autogroups.inRootCpuGroup(List.of("4:memory:/some/where", "2:cpuacct:/", "1:cpu:/", "0::/"), g -> true));
        assertFalse(Autogroups.inRootCpuGroup(List.of("3:cpu,cpuacct:/user.slice", "0::/user.slice"), g -> false));
    }

    @Test
    void cgroupV2WeighsByAutogroupUnlessTheGroupHasTheCpuController() {
        assertTrue(Autogroups.inRootCpuGroup(List.of("0::/"), g -> true));
        assertTrue(Autogroups.inRootCpuGroup(List.of("0::/user.slice/session-2.scope"), g -> false));
        assertFalse(Autogroups.inRootCpuGroup(List.of("0::/system.slice/daeploy.service"),
                                              g -> g.equals("/system.slice/daeploy.service")));
    }
}
