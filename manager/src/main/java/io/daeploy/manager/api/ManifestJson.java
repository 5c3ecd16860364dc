package io.daeploy.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.deploy.ApplicationManifest;
import io.daeploy.manager.errors.DomainException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON bodies of the incremental deploy routes: read within a limit, and their {@code entries} checked field by
 * field, each problem naming the entry. What the entries may say is the domain's ({@link ApplicationManifest}).
 */
final class ManifestJson {

    /** Ten thousand entries with long paths fit in this several times over. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final String SHAPE = "{\"entries\": [{\"path\": \"app.jar\", \"sha256\": \"<64 hex digits>\", \"size\": 1234},"
            + " ...]}";

    private ManifestJson() {
    }

    /** The body as a JSON object; 413 beyond {@link #MAX_BYTES}, 400 when it is not JSON. */
    static JsonNode read(ServerRequest req) {
        if (req.headers().contentLength().orElse(0) > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request", e);
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw DomainException.malformed("Request body is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw DomainException.invalid("send a JSON object: " + SHAPE);
        }
        return node;
    }

    /** The {@code entries} of a body, each with a text {@code path} and {@code sha256} and a whole {@code size}. */
    static List<ManifestEntry> entries(JsonNode body) {
        JsonNode entries = body.get("entries");
        if (entries == null || !entries.isArray()) {
            throw DomainException.invalid("entries is required, one per file of the application: " + SHAPE);
        }
        if (entries.size() > ApplicationManifest.MAX_ENTRIES) {
            throw DomainException.tooLarge("the manifest has " + entries.size() + " entries; at most "
                    + ApplicationManifest.MAX_ENTRIES);
        }
        List<ManifestEntry> parsed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String name = "entries[" + i + "]";
            if (!entry.isObject()) {
                throw DomainException.invalid(name + " must be an object: {\"path\", \"sha256\", \"size\"}");
            }
            JsonNode path = entry.get("path");
            if (path == null || !path.isTextual()) {
                throw DomainException.invalid(name + ": path is required, as text");
            }
            name = "Entry " + path.asText();
            JsonNode sha256 = entry.get("sha256");
            if (sha256 == null || !sha256.isTextual()) {
                throw DomainException.invalid(name + ": sha256 is required, as text");
            }
            JsonNode size = entry.get("size");
            if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
                throw DomainException.invalid(name + ": size is required, a whole number of bytes");
            }
            parsed.add(new ManifestEntry(path.asText(), sha256.asText(), size.longValue()));
        }
        return parsed;
    }

    private static DomainException tooLarge() {
        return DomainException.tooLarge("the request is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
    }
}
