package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.logs.LogQuery;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A version's output from the API server's {@code pods/log}: every pod's, each line prefixed with its pod when there
 * is more than one, and the previous container's after a crash.
 */
final class KubernetesLogs {

    private final KubernetesClient client;
    private final String namespace;

    KubernetesLogs(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    void stream(List<Pod> pods, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        boolean prefix = pods.size() > 1;
        if (!query.follow()) {
            for (Pod pod : pods) {
                for (String line : lines(select(pod, query).getLog())) {
                    write(out, pod, prefix, line);
                }
            }
            out.flush();
            return;
        }
        List<LogWatch> watches = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        IOException[] failure = {null};
        try {
            for (Pod pod : pods) {
                LogWatch watch = select(pod, query).watchLog();
                watches.add(watch);
                readers.add(Thread.ofVirtual().name("daeploy-logs-" + pod.getMetadata().getName()).start(() -> {
                    try (BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            synchronized (out) {
                                write(out, pod, prefix, line);
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    } catch (UncheckedIOException e) {
                        synchronized (failure) {
                            failure[0] = e.getCause(); // the reader left
                        }
                    }
                }));
            }
            while (keepFollowing.getAsBoolean() && readers.stream().anyMatch(Thread::isAlive)) {
                synchronized (failure) {
                    if (failure[0] != null) {
                        throw failure[0];
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            watches.forEach(LogWatch::close);
        }
    }

    /** The last lines of a pod: of the container that ended before, while the kubelet waits to start it again. */
    List<String> recent(Pod pod, int count, boolean prefix) {
        boolean waiting = PodStates.waitingReason(pod).isPresent() && PodStates.restarted(pod);
        List<String> lines = waiting ? previous(pod, count) : tail(container(pod), count);
        return prefix ? lines.stream().map(line -> "[" + pod.getMetadata().getName() + "] " + line).toList() : lines;
    }

    /** The last lines of the container that ended before the current one; empty when there is none. */
    List<String> previous(Pod pod, int count) {
        return tail(container(pod).terminated(), count);
    }

    private List<String> tail(io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable log, int count) {
        try {
            return lines(log.tailingLines(count).getLog());
        } catch (KubernetesClientException e) {
            return List.of(); // no such container (yet, or any more)
        }
    }

    private List<String> tail(ContainerResource log, int count) {
        try {
            return lines(log.tailingLines(count).getLog());
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    private PrettyLoggable select(Pod pod, LogQuery query) {
        ContainerResource container = container(pod);
        TailPrettyLoggable since = query.since().isPresent() ? container.sinceTime(query.since().get().toString()) : container;
        return query.tail().isPresent() ? since.tailingLines(query.tail().getAsInt()) : since;
    }

    private ContainerResource container(Pod pod) {
        return client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                .inContainer(VersionObjects.CONTAINER).withReadyWaitTimeout(0);
    }

    private static List<String> lines(String log) {
        if (log == null || log.isEmpty()) {
            return List.of();
        }
        return List.of(log.split("\r?\n"));
    }

    private static void write(OutputStream out, Pod pod, boolean prefix, String line) {
        try {
            out.write(((prefix ? "[" + pod.getMetadata().getName() + "] " : "") + line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
