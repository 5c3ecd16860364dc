package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An image read straight from a plain-HTTP registry (the one .ci/docker-setup.sh starts), by digest: its entrypoint
 * and the files of its application layers under {@code /app}. The stand-in kubelet runs these, as a node would run
 * the image, since no container engine of a cluster can run here.
 */
final class RegistryImage {

    private static final String MANIFESTS = "application/vnd.oci.image.manifest.v1+json,"
            + " application/vnd.docker.distribution.manifest.v2+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<String> entrypoint;
    final String digest;
    final Path root;

    private RegistryImage(List<String> entrypoint, String digest, Path root) {
        this.entrypoint = entrypoint;
        this.digest = digest;
        this.root = root;
    }

    /** {@code reference} must name the image by digest ({@code host:port/repo:tag@sha256:...}). */
    static RegistryImage pull(String reference, Path into) {
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = reference.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("The stand-in kubelet runs images by digest only; got " + reference);
        }
        String digest = reference.substring(at + 1);
        String name = reference.substring(0, at);
        int slash = name.indexOf('/');
        String registry = name.substring(0, slash);
        String repository = name.substring(slash + 1).replaceFirst(":[^:/]+$", "");
        URI base = URI.create("http://" + registry + "/v2/" + repository + "/");
        try {
            JsonNode manifest = Json.mapper().readTree(get(base.resolve("manifests/" + digest), MANIFESTS));
            JsonNode config = Json.mapper().readTree(get(base.resolve("blobs/" + manifest.get("config").get("digest").asText()), "*/*"));
            List<String> entrypoint = new ArrayList<>();
            config.get("config").get("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
            // keyed by the layers, not the manifest: versions of one application share them, and are unpacked once
            StringBuilder layers = new StringBuilder();
            manifest.get("layers").forEach(layer -> layers.append(layer.get("digest").asText()).append('\n'));
            Path root = into.resolve(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(layers.toString().getBytes(StandardCharsets.UTF_8)), 0, 12));
            if (!Files.isDirectory(root)) {
                Path unpacking = Files.createTempDirectory(into, "unpacking-");
                for (JsonNode layer : manifest.get("layers")) {
                    extractApp(base.resolve("blobs/" + layer.get("digest").asText()), unpacking);
                }
                Files.move(unpacking, root); // whole or not at all
            }
            return new RegistryImage(List.copyOf(entrypoint), digest, root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the image " + reference + " from its registry", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only what lies under {@code app/}: the base image's files are the JDK this test runs on. */
    private static void extractApp(URI blob, Path root) throws IOException {
        try (InputStream body = stream(blob);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(body))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String path = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                if (!path.startsWith("app/")) {
                    continue;
                }
                Path target = root.resolve(path).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("A layer entry leaves the image root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static byte[] get(URI uri, String accept) throws IOException {
        try {
            HttpResponse<byte[]> res = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
                                                 HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + res.statusCode());
            }
            return res.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static InputStream stream(URI uri) throws IOException {
        try {
            HttpResponse<InputStream> res = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                res.body().close();
                throw new IOException("GET " + uri + " answered " + res.statusCode());
            }
            return res.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
