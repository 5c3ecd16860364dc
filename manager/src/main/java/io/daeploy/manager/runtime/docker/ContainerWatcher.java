package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Tells when a service container has ended for good: exited or dead, and not being restarted by Docker's
 * restart policy, or removed. One listing of the service containers per tick serves every watched one.
 */
final class ContainerWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ContainerWatcher.class.getName());
    private static final long TICK_MILLIS = 500;

    private final DockerClient docker;
    private final Map<String, CompletableFuture<Integer>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-container-watcher").daemon().factory());

    ContainerWatcher(DockerClient docker) {
        this.docker = docker;
        ticks.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Completes with the container's exit code (-1 when it was removed) once it has ended. */
    CompletableFuture<Integer> exitOf(String containerId) {
        return watched.computeIfAbsent(containerId, id -> new CompletableFuture<>());
    }

    private void tick() {
        if (watched.isEmpty()) {
            return;
        }
        try {
            Map<String, String> states = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(ContainerLabels.TYPE, ContainerLabels.SERVICE)).exec().stream()
                    .collect(Collectors.toMap(Container::getId, c -> String.valueOf(c.getState()), (a, b) -> a));
            watched.forEach((id, exit) -> {
                String state = states.get(id);
                if (state == null) {
                    finish(id, -1);
                } else if (state.equals("exited") || state.equals("dead")) {
                    finish(id, exitCode(id));
                }
            });
        } catch (RuntimeException e) {
            LOG.warning(() -> "Cannot list service containers: " + e.getMessage());
        }
    }

    private int exitCode(String id) {
        try {
            Long code = docker.inspectContainerCmd(id).exec().getState().getExitCodeLong();
            return code == null ? -1 : code.intValue();
        } catch (NotFoundException e) {
            return -1;
        }
    }

    private void finish(String id, int code) {
        CompletableFuture<Integer> exit = watched.remove(id);
        if (exit != null) {
            exit.complete(code);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
