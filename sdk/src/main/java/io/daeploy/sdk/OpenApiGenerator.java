package io.daeploy.sdk;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the service's OpenAPI 3.0 document from its entrypoint signatures. The {@code servers}
 * entry depends on the request (the gateway prefix), so it is set per answer by {@link #withServer}.
 */
final class OpenApiGenerator {

    static final String DESCRIPTION = "Automatically generated, interactive API documentation";
    static final String TAG = "Entrypoints";
    private static final String JSON = "application/json";
    private static final String ERROR = "Error";
    private static final String VALIDATION_ERROR = "ValidationError";

    private final ObjectMapper mapper;

    OpenApiGenerator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The document, with {@code servers} pointing at {@code /}. */
    ObjectNode generate(ServiceSettings settings, List<EntrypointDefinition> entrypoints) {
        ObjectNode document = mapper.createObjectNode();
        document.put("openapi", "3.0.3");
        ObjectNode info = document.putObject("info");
        info.put("title", settings.name() + " " + settings.version());
        info.put("version", settings.version());
        info.put("description", DESCRIPTION);
        document.putArray("servers").addObject().put("url", "/");
        document.putArray("tags").addObject().put("name", TAG);

        ObjectNode paths = document.putObject("paths");
        ObjectNode schemas = mapper.createObjectNode();
        JsonSchemaGenerator generator = new JsonSchemaGenerator(mapper, schemas, Set.of(ERROR, VALIDATION_ERROR));
        for (EntrypointDefinition entrypoint : entrypoints) {
            paths.putObject("/" + entrypoint.name())
                    .set(entrypoint.httpMethod().text().toLowerCase(Locale.ROOT), operation(entrypoint, generator));
        }
        schemas.set(ERROR, errorSchema());
        schemas.set(VALIDATION_ERROR, validationErrorSchema());
        document.putObject("components").set("schemas", schemas);
        return document;
    }

    /** A copy of the document whose server is {@code url}, so "Try it out" goes where the page came from. */
    static ObjectNode withServer(ObjectNode document, String url) {
        ObjectNode copy = document.deepCopy();
        ArrayNode servers = copy.putArray("servers");
        servers.addObject().put("url", url);
        return copy;
    }

    private ObjectNode operation(EntrypointDefinition entrypoint, JsonSchemaGenerator generator) {
        ObjectNode operation = mapper.createObjectNode();
        operation.putArray("tags").add(TAG);
        operation.put("operationId", entrypoint.name());
        operation.put("summary", entrypoint.name());
        boolean hasParameters = !entrypoint.parameters().isEmpty();
        if (hasParameters && entrypoint.readsQueryString()) {
            // Browsers and Swagger UI send no body with GET or DELETE: document the query string, which the SDK reads.
            operation.set("parameters", queryParameters(entrypoint, generator));
        } else if (hasParameters) {
            operation.set("requestBody", requestBody(entrypoint, generator));
        }

        ObjectNode responses = operation.putObject("responses");
        ObjectNode success = responses.putObject(Integer.toString(entrypoint.successStatus()));
        if (entrypoint.returnsNothing()) {
            success.put("description", "Success; the body is null");
        } else {
            success.put("description", "Success");
            success.putObject("content").putObject(JSON).set("schema", generator.schemaFor(entrypoint.returnType()));
        }
        if (hasParameters) {
            if (!entrypoint.readsQueryString()) {
                responses.set("400", errorResponse("The body is not a JSON object", ERROR));
            }
            responses.set("422", errorResponse("Missing or mistyped arguments, all listed", VALIDATION_ERROR));
        }
        responses.set("500", errorResponse("The entrypoint failed", ERROR));
        return operation;
    }

    private ObjectNode requestBody(EntrypointDefinition entrypoint, JsonSchemaGenerator generator) {
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (ParameterDefinition parameter : entrypoint.parameters()) {
            properties.set(parameter.name(), generator.schemaFor(parameter.valueType()));
            if (parameter.required()) {
                required.add(parameter.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("required", !required.isEmpty());
        body.putObject("content").putObject(JSON).set("schema", schema);
        return body;
    }

    private ArrayNode queryParameters(EntrypointDefinition entrypoint, JsonSchemaGenerator generator) {
        ArrayNode parameters = mapper.createArrayNode();
        for (ParameterDefinition parameter : entrypoint.parameters()) {
            ObjectNode item = parameters.addObject();
            item.put("name", parameter.name());
            item.put("in", "query");
            item.put("required", parameter.required());
            ObjectNode schema = generator.schemaFor(parameter.valueType());
            if (JsonKind.of(parameter.valueType()) == JsonKind.OBJECT) {
                item.putObject("content").putObject(JSON).set("schema", schema); // sent as JSON text
            } else {
                item.set("schema", schema);
            }
        }
        return parameters;
    }

    private ObjectNode errorResponse(String description, String schemaName) {
        ObjectNode response = mapper.createObjectNode();
        response.put("description", description);
        response.putObject("content").putObject(JSON).putObject("schema")
                .put("$ref", JsonSchemaGenerator.COMPONENTS_PATH + schemaName);
        return response;
    }

    private ObjectNode errorSchema() {
        ObjectNode schema = mapper.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("detail").put("type", "string");
        return schema;
    }

    private ObjectNode validationErrorSchema() {
        ObjectNode problem = mapper.createObjectNode().put("type", "object");
        ObjectNode properties = problem.putObject("properties");
        ArrayNode locItems = properties.putObject("loc").put("type", "array").putObject("items").putArray("oneOf");
        locItems.addObject().put("type", "string");
        locItems.addObject().put("type", "integer");
        properties.putObject("msg").put("type", "string");
        properties.putObject("type").put("type", "string");

        ObjectNode schema = mapper.createObjectNode().put("type", "object");
        ObjectNode detail = schema.putObject("properties").putObject("detail");
        detail.put("type", "array");
        detail.set("items", problem);
        return schema;
    }
}
