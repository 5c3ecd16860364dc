package io.daeploy.manager.runtime.docker;

import io.daeploy.manager.runtime.VersionSpec;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Container names, labels, image references and the relay's subnet check. */
class DockerNamesTest {

    private static VersionSpec record(String name, String version) {
        return new VersionSpec(name, version, true, Path.of("/tmp"), null, Map.of(), 1, 1);
    }

    @Test
    void containersAreNamedAndLabelledAfterTheirVersion() {
        VersionSpec record = record("die_roller", "1.0.0+build.1");
        assertEquals("daeploy-die_roller-1.0.0_build.1", ContainerLabels.containerName(record));
        assertEquals("daeploy-die-roller-1-0-0-build-1", ContainerLabels.hostName(record));
        Map<String, String> labels = ContainerLabels.of(record);
        assertEquals(Optional.of("die_roller_1.0.0+build.1"), ContainerLabels.qualifiedName(labels));
        assertTrue(ContainerLabels.belongsTo(labels, record));
        assertFalse(ContainerLabels.belongsTo(labels, record("die_roller", "1.0.1")));
        assertEquals(Optional.empty(), ContainerLabels.qualifiedName(Map.of("daeploy.name", "x")));
    }

    @Test
    void anImageWithoutTagIsLatest() {
        assertEquals("hello:latest", ImageReferences.withDefaultTag("hello"));
        assertEquals("127.0.0.1:5000/hello:latest", ImageReferences.withDefaultTag("127.0.0.1:5000/hello"));
        assertEquals("127.0.0.1:5000/hello:1.0", ImageReferences.withDefaultTag("127.0.0.1:5000/hello:1.0"));
        assertEquals("hello@sha256:abc", ImageReferences.withDefaultTag("hello@sha256:abc"));
    }

    @Test
    void theRelayTakesOnlyTheServiceNetworksAddresses() throws Exception {
        Subnet subnet = Subnet.parse("172.18.0.0/16");
        assertTrue(subnet.contains(InetAddress.getByName("172.18.3.4")));
        assertFalse(subnet.contains(InetAddress.getByName("172.17.0.2")));
        assertFalse(subnet.contains(InetAddress.getByName("::1")));
        assertEquals("172.18.0.0/16", subnet.toString());
        assertEquals("10.0.0.0/8", Subnet.parse("10.1.2.3/8").toString());
    }
}
