package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.daeploy.manager.runtime.RuntimeEvent;

import java.io.Closeable;
import java.io.IOException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Tells when a service container has ended for good: exited or dead, and not being restarted by Docker's
 * restart policy, or removed. One listing of the service containers per tick serves every watched one.
 * Docker's own restarts (a container that died and was started again) come from its event stream.
 */
final class ContainerWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ContainerWatcher.class.getName());
    private static final long TICK_MILLIS = 500;

    private final DockerClient docker;
    private final Map<String, CompletableFuture<Integer>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-container-watcher").daemon().factory());

    private final Map<String, Integer> diedWithCode = new ConcurrentHashMap<>();
    private volatile Consumer<RuntimeEvent> restarts = event -> { };
    private volatile Closeable events;

    ContainerWatcher(DockerClient docker) {
        this.docker = docker;
        ticks.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Docker's own restarts of a crashed container go to {@code listener} as {@link RuntimeEvent.Restarted}. */
    void onRestart(Consumer<RuntimeEvent> listener) {
        this.restarts = listener;
        ticks.execute(this::followEvents);
    }

    /** Subscribes to the die and start events of service containers; again after the stream broke (dockerd restarted). */
    private void followEvents() {
        if (events != null) {
            return;
        }
        try {
            events = docker.eventsCmd()
                    .withEventTypeFilter(EventType.CONTAINER)
                    .withEventFilter("die", "start")
                    .withLabelFilter(Map.of(ContainerLabels.TYPE, ContainerLabels.SERVICE))
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            onEvent(event);
                        }

                        @Override
                        public void onError(Throwable e) {
                            LOG.fine(() -> "Docker's event stream broke: " + e.getMessage());
                            events = null;
                        }

                        @Override
                        public void onComplete() {
                            events = null;
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warning(() -> "Cannot follow Docker's events: " + e.getMessage());
        }
    }

    /** A start that follows a die of the same container is Docker's restart policy at work (we make new containers). */
    private void onEvent(Event event) {
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        if ("die".equals(event.getAction()) && watched.containsKey(event.getId())) { // not another manager's containers
            diedWithCode.put(event.getId(), parseCode(attributes.get("exitCode")));
        } else if ("start".equals(event.getAction())) {
            Integer code = diedWithCode.remove(event.getId());
            String name = attributes.get(ContainerLabels.NAME);
            String version = attributes.get(ContainerLabels.VERSION);
            if (code != null && name != null && version != null) {
                LOG.warning(() -> "Docker restarted " + name + "_" + version + " after it exited with code " + code);
                restarts.accept(new RuntimeEvent.Restarted(name + "_" + version, code));
            }
        }
    }

    private static int parseCode(String code) {
        try {
            return code == null ? -1 : Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Completes with the container's exit code (-1 when it was removed) once it has ended. */
    CompletableFuture<Integer> exitOf(String containerId) {
        return watched.computeIfAbsent(containerId, id -> new CompletableFuture<>());
    }

    private void tick() {
        if (events == null) {
            followEvents();
        }
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
                    diedWithCode.remove(id);
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
        diedWithCode.remove(id);
        CompletableFuture<Integer> exit = watched.remove(id);
        if (exit != null) {
            exit.complete(code);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            if (events != null) {
                events.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
