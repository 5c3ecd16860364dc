package io.daeploy.manager.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Asks a service's {@code /observe/health} until it answers 2xx, the instance exits, or time runs out. */
public final class HealthProbe {

    /** How waiting ended. */
    public enum Outcome { HEALTHY, EXITED, TIMED_OUT }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(PROBE_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    public boolean healthy(URI endpoint) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/observe/health"))
                    .timeout(PROBE_TIMEOUT).GET().build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Outcome await(URI endpoint, CompletableFuture<Integer> exited, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        long pause = 20;
        while (Instant.now().isBefore(end)) {
            if (exited.isDone()) {
                return Outcome.EXITED;
            }
            if (healthy(endpoint)) {
                return Outcome.HEALTHY;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
            pause = Math.min(pause * 2, 100); // a start is awaited by a deploy, a reload or a request that woke it
        }
        return exited.isDone() ? Outcome.EXITED : Outcome.TIMED_OUT;
    }
}
