package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;

/** Opens the Docker API the way the {@code docker} command would ({@code DOCKER_HOST}, else the local socket). */
final class DockerConnection {

    private DockerConnection() {
    }

    /** A client that has answered a ping; otherwise the manager cannot run on Docker and says why. */
    static DockerClient open() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64) // log followers hold one each
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        DockerClient docker = DockerClientImpl.getInstance(config, http);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("DAEPLOY_RUNTIME=docker, but no Docker Engine answers at " + config.getDockerHost()
                    + " (" + rootMessage(e) + "). Start Docker, point DOCKER_HOST at it (a manager in a container needs"
                    + " -v /var/run/docker.sock:/var/run/docker.sock), or use DAEPLOY_RUNTIME=process", e);
        }
        return docker;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
