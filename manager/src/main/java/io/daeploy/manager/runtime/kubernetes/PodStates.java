package io.daeploy.manager.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a pod's status says, in the few words the manager shows. */
final class PodStates {

    private PodStates() {
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static int restarts(Pod pod) {
        return containers(pod).stream().map(ContainerStatus::getRestartCount).filter(Objects::nonNull)
                .mapToInt(Integer::intValue).sum();
    }

    /** Why the service's container waits ({@code CrashLoopBackOff}, {@code ImagePullBackOff}, ...), when it does. */
    static Optional<String> waitingReason(Pod pod) {
        return containers(pod).stream()
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .map(c -> c.getState().getWaiting().getReason())
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** Whether the service's container ended at least once: its previous output then explains a crash. */
    static boolean restarted(Pod pod) {
        return restarts(pod) > 0;
    }

    private static List<ContainerStatus> containers(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }
}
