package io.daeploy.manager.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.daeploy.common.Json;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks an answer of the manager's API against its OpenAPI document, with networknt's JSON Schema validator:
 * its status must be documented for the route, a JSON body must match that status's schema, and a stream, redirect
 * or page must carry a documented media type. The API tests call it on every answer they read, so an undocumented
 * status or field fails a test.
 */
public final class DocumentedAnswers {

    private static final String DOCUMENT_ID = "https://daeploy.io/manager/openapi.json";
    private static final ObjectNode DOCUMENT = ManagerOpenApi.document(
            ManagerApiRoutes.all().stream().map(ApiRoute::key).toList(), "test");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Map.of(DOCUMENT_ID, DOCUMENT.toString())));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final List<Template> TEMPLATES = StreamSupport.stream(
                    java.util.Spliterators.spliteratorUnknownSize(DOCUMENT.get("paths").fieldNames(), 0), false)
            .map(Template::of).sorted(Comparator.comparingInt(Template::parameters)).toList();

    private DocumentedAnswers() {
    }

    /** The whole document, every route described. */
    public static ObjectNode document() {
        return DOCUMENT.deepCopy();
    }

    /** The same for a Helidon client's answer, whose body was read as {@code body}. */
    public static void check(io.helidon.http.Method method, io.helidon.webclient.http1.Http1ClientResponse response,
                             String body) {
        check(method.text(), response.lastEndpointUri().path().path(), response.status().code(),
              response.headers().first(io.helidon.http.HeaderNames.CONTENT_TYPE).orElse(null), body);
    }

    /**
     * @param path        as sent, with or without its query
     * @param contentType the answer's, or null when it has none
     */
    public static void check(String method, String path, int status, String contentType, String body) {
        String route = method + " " + path;
        if ("/services/{name}/{path}".equals(templateOf(path)) && status < 500) {
            return; // the gateway: a service's own answer, described by the service's document
        }
        JsonNode operation = operation(method, path).orElseGet(() -> fail(route + " is not in the manager's /openapi"));
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        assertTrue(response.isObject(), route + " answered " + status + ", which its document does not list: " + body);
        JsonNode contents = response.path("content");
        if (body == null || body.isEmpty()) {
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        Optional<String> documented = StreamSupport.stream(
                        java.util.Spliterators.spliteratorUnknownSize(contents.fieldNames(), 0), false)
                .filter(m -> m.equals("*/*") || m.split(";")[0].trim().equals(mediaType)).findFirst();
        assertTrue(documented.isPresent(), route + " answered " + status + " as " + contentType + ", documented: "
                + contents.properties().stream().map(Map.Entry::getKey).toList());
        if (!mediaType.equals("application/json")) {
            return; // streams, pages, files: status and media type only
        }
        String pointer = "/paths/" + escape(templateOf(path)) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status
                + "/content/" + escape(documented.get()) + "/schema";
        Schema schema = SCHEMAS.computeIfAbsent(pointer, p -> REGISTRY.getSchema(SchemaLocation.of(DOCUMENT_ID + "#" + p)));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        assertTrue(errors.isEmpty(), route + " answered " + status + " with a body its document does not allow: " + errors
                + "\n" + body);
    }

    /** The documented operation of a request, if any. */
    public static Optional<JsonNode> operation(String method, String path) {
        String template = templateOf(path);
        JsonNode op = template == null ? null : DOCUMENT.path("paths").path(template).get(method.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(op);
    }

    /** The most specific documented path that {@code path} matches: literal ones before templates. */
    static String templateOf(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return TEMPLATES.stream().filter(t -> t.pattern().matcher(bare).matches()).map(Template::path).findFirst().orElse(null);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private record Template(String path, Pattern pattern, int parameters) {
        static Template of(String path) {
            String regex = Pattern.quote(path).replace("{path}", "\\E.*\\Q").replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            return new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1);
        }
    }
}
