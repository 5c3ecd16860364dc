package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick look at a registry image before a build, against a plain-HTTP registry stand-in on loopback. */
class RegistryProbeTest {

    private HttpServer registry;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.stop(0);
        }
    }

    @Test
    void aRegistryWithoutTheImageIsAProblem() throws Exception {
        int port = registryAnswering(404);
        Optional<String> problem = new RegistryProbe().problem(ImageReference.parse("127.0.0.1:" + port + "/java/base:21"), true);
        assertEquals(Optional.of("the registry 127.0.0.1:" + port + " has no image java/base:21"), problem);
        assertEquals(List.of("HEAD /v2/java/base/manifests/21"), asked);
    }

    @Test
    void anImageTheRegistryHasOrGuardsIsLeftToTheBuild() throws Exception {
        assertEquals(Optional.empty(), new RegistryProbe().problem(ImageReference.parse("127.0.0.1:" + registryAnswering(200)
                + "/java/base:21"), true));
        stop();
        assertEquals(Optional.empty(), new RegistryProbe().problem(ImageReference.parse("127.0.0.1:" + registryAnswering(401)
                + "/java/base:21"), true), "needs credentials: the build knows how to log in");
    }

    @Test
    void aRegistryThatCannotBeReachedIsAProblem() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Optional<String> problem = new RegistryProbe().problem(ImageReference.parse("127.0.0.1:" + closed + "/java:21"), true);
        assertTrue(problem.orElseThrow().startsWith("the registry 127.0.0.1:" + closed + " cannot be reached"), problem.toString());
    }

    private int registryAnswering(int status) throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        registry.start();
        return registry.getAddress().getPort();
    }
}
