package io.daeploy.manager.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.logging.Logger;

/**
 * Lets service containers call the manager back when it listens on loopback only (the laptop default,
 * which no container can reach): listens on the service network's gateway address and passes each
 * connection through to the manager. Only connections from the service network's own subnet are
 * taken, so other containers on the host cannot use it to reach a manager that chose loopback.
 */
final class CallbackRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CallbackRelay.class.getName());
    private static final int BUFFER_BYTES = 16 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress manager;
    private final Subnet allowed;

    private CallbackRelay(ServerSocket listener, InetSocketAddress manager, Subnet allowed) {
        this.listener = listener;
        this.manager = manager;
        this.allowed = allowed;
    }

    /** Listens on {@code gateway:port} and relays to {@code managerHost:port}. */
    static CallbackRelay start(String gateway, int port, String managerHost, Subnet allowed) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(gateway), port), 128);
            CallbackRelay relay = new CallbackRelay(listener, new InetSocketAddress(managerHost, port), allowed);
            Thread.ofPlatform().name("daeploy-callback-relay").daemon().start(relay::acceptLoop);
            LOG.info(() -> "Services reach the manager at " + gateway + ":" + port + " (relayed to " + managerHost + ":" + port
                    + " for containers of " + allowed + ")");
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + gateway + ":" + port + " for service containers to reach"
                    + " the manager: " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket caller = listener.accept();
                if (!allowed.contains(caller.getInetAddress())) {
                    LOG.warning(() -> "Refused a connection from " + caller.getInetAddress().getHostAddress()
                            + ": only containers on the service network may call the manager here");
                    caller.close();
                    continue;
                }
                Thread.ofVirtual().name("daeploy-relay").start(() -> relay(caller));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warning(() -> "Callback relay: " + e.getMessage());
                }
            }
        }
    }

    private void relay(Socket caller) {
        try (caller; Socket upstream = new Socket()) {
            upstream.connect(manager, 5_000);
            Thread back = Thread.ofVirtual().start(() -> pipe(upstream, caller));
            pipe(caller, upstream);
            back.join();
        } catch (IOException e) {
            LOG.fine(() -> "Callback relay connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until the source ends, then tells the other side no more is coming (HTTP keep-alive stays intact). */
    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed: closing both ends the other direction too
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
