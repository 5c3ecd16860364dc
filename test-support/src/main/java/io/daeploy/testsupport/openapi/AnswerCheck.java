package io.daeploy.testsupport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an answer is one an OpenAPI document allows, checked with networknt's JSON Schema validator: its status
 * must be listed for the operation, it must carry a listed media type, and a JSON body must match that status's
 * schema. Streams, redirects and pages are checked for status and media type only.
 */
public final class AnswerCheck {

    private static final String DOCUMENT_ID = "https://daeploy.io/checked/openapi.json";

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    public AnswerCheck(JsonNode document) {
        this.document = document;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(DOCUMENT_ID, document.toString())));
    }

    /**
     * What is wrong with an answer, if anything.
     *
     * @param template    the document's path of the operation that was called
     * @param contentType the answer's, or null when it has none
     * @param body        the answer's body, or null or empty when it has none
     */
    public Optional<String> problem(String method, String template, int status, String contentType, String body) {
        String route = method.toUpperCase(Locale.ROOT) + " " + template;
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return Optional.of(route + " is not in the document");
        }
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (!response.isObject()) {
            return Optional.of(route + " answered " + status + ", which its document does not list: " + body);
        }
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        List<String> listed = new ArrayList<>();
        response.path("content").fieldNames().forEachRemaining(listed::add);
        Optional<String> documented = listed.stream()
                .filter(m -> m.equals("*/*") || m.split(";")[0].trim().equals(mediaType)).findFirst();
        if (documented.isEmpty()) {
            return Optional.of(route + " answered " + status + " as " + contentType + ", documented: " + listed);
        }
        if (!mediaType.equals("application/json")) {
            return Optional.empty();
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status
                + "/content/" + escape(documented.get()) + "/schema";
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT_ID + "#" + p)));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        return errors.isEmpty() ? Optional.empty()
                : Optional.of(route + " answered " + status + " with a body its document does not allow: " + errors
                        + "\n" + abbreviated(body));
    }

    static String abbreviated(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "... (" + text.length() + " characters)";
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
