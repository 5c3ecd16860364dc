package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.daeploy.manager.image.ImageBuilder;
import io.daeploy.manager.runtime.FreePorts;
import io.daeploy.manager.runtime.VersionSpec;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where the manager runs relative to its services, which decides how each reaches the other.
 * <ul>
 * <li>On the host: a service's port 8000 is published on a loopback port of the host, and services call
 *     the manager at {@code host.docker.internal}, the service network's gateway (through a
 *     {@link CallbackRelay} when the manager listens on loopback only).</li>
 * <li>In a container: the manager joins the service network; it calls services by their container's host
 *     name on port 8000, and they call it by its container name. Nothing is published.</li>
 * </ul>
 */
final class ManagerPlacement implements AutoCloseable {

    static final String HOST_ALIAS = "host.docker.internal";
    private static final Logger LOG = Logger.getLogger(ManagerPlacement.class.getName());
    private static final ExposedPort SERVICE_PORT = ExposedPort.tcp(ImageBuilder.SERVICE_PORT);

    private final boolean inContainer;
    private final String managerHost;
    private final String gateway;
    private final CallbackRelay relay;

    private ManagerPlacement(boolean inContainer, String managerHost, String gateway, CallbackRelay relay) {
        this.inContainer = inContainer;
        this.managerHost = managerHost;
        this.gateway = gateway;
        this.relay = relay;
    }

    /**
     * @param inContainerSetting {@code DAEPLOY_IN_CONTAINER}; empty: a manager in a container is recognised by {@code /.dockerenv}
     * @param bind               the manager's {@code DAEPLOY_BIND}
     * @param port               the manager's port
     */
    static ManagerPlacement decide(DockerClient docker, ServiceNetwork network, Optional<Boolean> inContainerSetting,
                                   String bind, int port) {
        Optional<InspectContainerResponse> self = inContainerSetting.orElseGet(() -> Files.exists(Path.of("/.dockerenv")))
                ? ownContainer(docker, inContainerSetting.isPresent())
                : Optional.empty();
        if (self.isPresent()) {
            String name = joinNetwork(docker, network, self.get());
            LOG.info(() -> "The manager runs in container " + name + " on " + ServiceNetwork.NAME
                    + ": services are reached by name and call it at http://" + name + ":" + port);
            return new ManagerPlacement(true, name, network.gateway(), null);
        }
        CallbackRelay relay = null;
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            String target = isLoopback(bind) ? "127.0.0.1" : bind;
            relay = CallbackRelay.start(network.gateway(), port, target, Subnet.parse(network.subnet()));
        }
        return new ManagerPlacement(false, HOST_ALIAS, network.gateway(), relay);
    }

    /** The manager's URL as services must use it: same port and path, the host they can reach. */
    String managerUrlForServices(String managerUrl) {
        URI url = URI.create(managerUrl);
        return url.getScheme() + "://" + managerHost + ":" + url.getPort() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Publishing and host names for a new service container. */
    void configure(CreateContainerCmd create, HostConfig host, VersionSpec record) {
        create.withExposedPorts(SERVICE_PORT).withAliases(ContainerLabels.hostName(record));
        if (!inContainer) {
            // A port of our choosing, not Docker's: Docker's own pick may change when it restarts the container.
            host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", FreePorts.next()), SERVICE_PORT))
                .withExtraHosts(HOST_ALIAS + ":" + gateway);
        }
    }

    /** Where the gateway reaches a service container. */
    URI endpoint(InspectContainerResponse container, VersionSpec record) {
        if (inContainer) {
            return URI.create("http://" + ContainerLabels.hostName(record) + ":" + ImageBuilder.SERVICE_PORT);
        }
        Ports.Binding[] bindings = Optional.ofNullable(container.getHostConfig().getPortBindings())
                .map(ports -> ports.getBindings().get(SERVICE_PORT))
                .orElse(null);
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("Container " + container.getName() + " publishes no port for " + SERVICE_PORT);
        }
        return URI.create("http://127.0.0.1:" + bindings[0].getHostPortSpec());
    }

    boolean inContainer() {
        return inContainer;
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
    }

    /**
     * The manager's own container, found by its host name. Told so ({@code DAEPLOY_IN_CONTAINER=true}), not finding it
     * is an error; guessed from {@code /.dockerenv}, it means this container is not one of this Docker's (a sandbox,
     * another engine) and the manager works as on a host.
     */
    private static Optional<InspectContainerResponse> ownContainer(DockerClient docker, boolean told) {
        String hostName = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
                .orElseGet(ManagerPlacement::localHostName);
        try {
            return Optional.of(docker.inspectContainerCmd(hostName).exec());
        } catch (NotFoundException e) {
            if (told) {
                throw new IllegalStateException("DAEPLOY_IN_CONTAINER=true, but Docker knows no container " + hostName
                        + " (the manager's host name): start it without --hostname, or set DAEPLOY_IN_CONTAINER=false"
                        + " if it runs on the host");
            }
            LOG.info(() -> "/.dockerenv exists but this Docker has no container " + hostName + ": the manager works as on"
                    + " the host (set DAEPLOY_IN_CONTAINER to decide)");
            return Optional.empty();
        }
    }

    /** Puts the manager's container on the service network; answers its name, by which services call it. */
    private static String joinNetwork(DockerClient docker, ServiceNetwork network, InspectContainerResponse self) {
        boolean joined = self.getNetworkSettings().getNetworks() != null
                && self.getNetworkSettings().getNetworks().containsKey(ServiceNetwork.NAME);
        if (!joined) {
            docker.connectToNetworkCmd().withNetworkId(network.id()).withContainerId(self.getId()).exec();
        }
        return self.getName().startsWith("/") ? self.getName().substring(1) : self.getName();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("The manager cannot tell its own host name: " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String bind) {
        return bind.equals("localhost") || bind.equals("::1") || bind.startsWith("127.");
    }
}
