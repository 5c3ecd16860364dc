package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;

import java.util.Map;

/**
 * The bridge network {@code daeploy-network} that every service container (and a manager running in a
 * container) joins: on it containers find each other by name, and its gateway address is the host.
 *
 * @param id      Docker's id of the network
 * @param gateway the host's address on it, e.g. {@code 172.18.0.1}
 * @param subnet  its addresses, e.g. {@code 172.18.0.0/16}
 */
record ServiceNetwork(String id, String gateway, String subnet) {

    static final String NAME = "daeploy-network";

    /** Finds the network, creating it on first use. */
    static ServiceNetwork ensure(DockerClient docker) {
        Network network;
        try {
            network = docker.inspectNetworkCmd().withNetworkId(NAME).exec();
        } catch (NotFoundException missing) {
            try {
                docker.createNetworkCmd().withName(NAME).withDriver("bridge")
                        .withLabels(Map.of(ContainerLabels.TYPE, "network")).exec();
            } catch (ConflictException raced) {
                // another manager created it meanwhile
            }
            network = docker.inspectNetworkCmd().withNetworkId(NAME).exec();
        }
        Network.Ipam.Config ipv4 = network.getIpam().getConfig().stream()
                .filter(c -> c.getGateway() != null && c.getGateway().contains("."))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Docker network " + NAME + " has no IPv4 gateway; remove it"
                        + " (docker network rm " + NAME + ") and the manager creates it again"));
        return new ServiceNetwork(network.getId(), ipv4.getGateway(), ipv4.getSubnet());
    }
}
