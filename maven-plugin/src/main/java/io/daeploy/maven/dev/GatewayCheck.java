package io.daeploy.maven.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One request through the manager's gateway to the version's health check, right after a reload: the moment the new
 * code answers there is the end of the time a reload is measured by.
 */
public final class GatewayCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI health;
    private final String token;

    public GatewayCheck(String host, String name, String version, String token) {
        this.health = URI.create(host + "/services/" + name + "_" + version + "/observe/health");
        this.token = token;
    }

    /** The status the gateway answered, or 0 when it could not be asked. */
    public int status() {
        HttpRequest.Builder request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
