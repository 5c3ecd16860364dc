package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.ImageReference;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A quick look, before any Jib build, at whether a registry image can be pulled at all: a registry that cannot be
 * reached, or that answers that it has no such image, is found in seconds instead of after a build's retries.
 * Anything else (an answer that asks for credentials, say) is left to the build, which knows how to log in.
 */
final class RegistryProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String MANIFESTS = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
            + " application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Why {@code image} cannot be pulled, when that is certain; empty when it may well be. */
    Optional<String> problem(ImageReference image, boolean insecure) {
        String registry = image.getRegistry();
        String path = "/v2/" + image.getRepository() + "/manifests/" + image.getQualifier();
        // Plain HTTP first where it is allowed: a plain registry may never answer a TLS handshake.
        List<String> schemes = insecure || isLoopback(registry) ? List.of("http", "https") : List.of("https");
        IOException failure = null;
        for (String scheme : schemes) {
            try {
                int status = head(URI.create(scheme + "://" + registry + path));
                return status == 404 ? Optional.of("the registry " + registry + " has no image " + image.getRepository()
                        + ":" + image.getQualifier()) : Optional.empty();
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        String hint = failure instanceof SSLException && !insecure
                ? "; if it is a plain-HTTP registry you trust, set DAEPLOY_REGISTRY_INSECURE=true" : "";
        return Optional.of("the registry " + registry + " cannot be reached (" + describe(failure) + ")" + hint);
    }

    private int head(URI uri) throws IOException, InterruptedException {
        return send(uri).statusCode();
    }

    private HttpResponse<Void> send(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", MANIFESTS)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    /**
     * The digest the registry gives {@code image}'s manifest now ({@code Docker-Content-Digest}); a registry that
     * asks for credentials, has no such image or cannot be reached is an IOException saying so.
     */
    String digest(ImageReference image, boolean insecure) throws IOException, InterruptedException {
        String registry = image.getRegistry();
        String path = "/v2/" + image.getRepository() + "/manifests/" + image.getQualifier();
        List<String> schemes = insecure || isLoopback(registry) ? List.of("http", "https") : List.of("https");
        IOException failure = null;
        for (String scheme : schemes) {
            HttpResponse<Void> res;
            try {
                res = send(URI.create(scheme + "://" + registry + path));
            } catch (IOException e) {
                failure = e;
                continue;
            }
            Optional<String> digest = res.headers().firstValue("Docker-Content-Digest");
            if (res.statusCode() == 200 && digest.isPresent()) {
                return digest.get();
            }
            throw new IOException(switch (res.statusCode()) {
                case 401, 403 -> "the registry " + registry + " asks for credentials";
                case 404 -> "the registry " + registry + " has no image " + image.getRepository() + ":" + image.getQualifier();
                default -> "the registry " + registry + " answered " + res.statusCode() + " without a digest";
            });
        }
        throw new IOException("the registry " + registry + " cannot be reached (" + describe(failure) + ")");
    }

    private static boolean isLoopback(String registry) {
        return registry.startsWith("localhost") || registry.startsWith("127.");
    }

    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "its name does not resolve";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
