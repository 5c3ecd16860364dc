package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.errors.DomainException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the API server's refusal of a call into words that name the verb and the resource, and what to do. */
final class ApiRefusal {

    private ApiRefusal() {
    }

    static RuntimeException of(String verb, String resource, String namespace, KubernetesClientException e) {
        String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (e.getCode() == 403) {
            return DomainException.forbidden("The Kubernetes API server refused to " + verb + " " + resource + " in namespace "
                    + namespace + ": " + said + ". The manager's Role needs the verb '" + verb + "' on '" + resource
                    + "' (see deploy/kubernetes/common/role.yaml)");
        }
        if (e.getCode() == 422 || e.getCode() == 400) {
            return DomainException.invalid("The Kubernetes API server rejected " + resource + " in namespace " + namespace
                    + ": " + said);
        }
        return new IllegalStateException("The Kubernetes API server failed to " + verb + " " + resource + " in namespace "
                + namespace + (e.getCode() > 0 ? " (" + e.getCode() + ")" : "") + ": " + said, e);
    }
}
