package io.daeploy.sdk;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.Status;

/**
 * Builds the service's OpenAPI 3.1 document from its entrypoint signatures and parameters, plus the built-in
 * parameter and monitoring routes. The {@code servers} entry depends on the request (the gateway prefix), so it
 * is set per answer by {@link #withServer}.
 */
final class OpenApiGenerator {

    static final String DESCRIPTION = "Automatically generated, interactive API documentation";
    static final String TAG = "Entrypoints";
    static final String PARAMETERS_TAG = "Parameters";
    static final String MONITORING_TAG = "Monitoring";
    private static final String JSON = "application/json";
    private static final String ZIP = "application/zip";
    private static final String ERROR = "Error";
    private static final String VALIDATION_ERROR = "ValidationError";
    private static final String REF = "#/" + TypeSchemas.COMPONENTS + "/";

    private final ObjectMapper mapper;

    OpenApiGenerator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The document, with {@code servers} pointing at {@code /}. */
    ObjectNode generate(ServiceSettings settings, ServiceDefinition service) {
        ObjectNode document = mapper.createObjectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", settings.name() + " " + settings.version());
        info.put("version", settings.version());
        info.put("description", DESCRIPTION);
        document.putArray("servers").addObject().put("url", "/");
        ArrayNode tags = document.putArray("tags");
        tags.addObject().put("name", TAG);
        tags.addObject().put("name", PARAMETERS_TAG).put("description", "Values of the service that can change while it runs");
        tags.addObject().put("name", MONITORING_TAG).put("description", "Values the service stored over time");

        ObjectNode paths = document.putObject("paths");
        TypeSchemas types = new TypeSchemas(mapper, Set.of(ERROR, VALIDATION_ERROR));
        for (EntrypointDefinition entrypoint : service.entrypoints()) {
            paths.putObject("/" + entrypoint.name())
                    .set(entrypoint.httpMethod().text().toLowerCase(Locale.ROOT), operation(entrypoint, types));
        }
        new BuiltInRoutes(types).addTo(paths, service.parameters());

        ObjectNode schemas = types.components(); // completes every schema handed out above
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

    private ObjectNode operation(EntrypointDefinition entrypoint, TypeSchemas types) {
        ObjectNode operation = mapper.createObjectNode();
        operation.putArray("tags").add(TAG);
        operation.put("operationId", entrypoint.name());
        operation.put("summary", entrypoint.name());
        boolean hasParameters = !entrypoint.parameters().isEmpty();
        if (hasParameters && entrypoint.readsQueryString()) {
            // Browsers and Swagger UI send no body with GET or DELETE: document the query string, which the SDK reads.
            operation.set("parameters", queryParameters(entrypoint, types));
        } else if (hasParameters) {
            operation.set("requestBody", requestBody(entrypoint, types));
        }

        ObjectNode responses = operation.putObject("responses");
        ObjectNode success = responses.putObject(Integer.toString(entrypoint.successStatus()));
        if (entrypoint.successStatus() == 204) {
            success.put("description", "Success, no content");
        } else if (entrypoint.returnsNothing()) {
            success.put("description", "Success; the body is null");
        } else {
            success.put("description", "Success");
            success.putObject("content").putObject(JSON).set("schema",
                    types.schemaFor(entrypoint.javaMethod().getGenericReturnType()));
        }
        if (hasParameters) {
            if (!entrypoint.readsQueryString()) {
                responses.set("400", errorResponse("The body is not a JSON object"));
            }
            responses.set("422", validationErrorResponse());
        }
        responses.set("500", errorResponse("The entrypoint failed"));
        for (int status : entrypoint.errors()) {
            String code = Integer.toString(status);
            if (!responses.has(code)) {
                responses.set(code, errorResponse(Status.create(status).reasonPhrase() + " (declared by the entrypoint)"));
            }
        }
        return operation;
    }

    /** The statuses an entrypoint's document lists: success, the SDK's own errors and those the entrypoint declares. */
    static Set<Integer> documentedStatuses(EntrypointDefinition entrypoint) {
        Set<Integer> statuses = new java.util.TreeSet<>(entrypoint.errors());
        statuses.add(entrypoint.successStatus());
        statuses.add(500);
        if (!entrypoint.parameters().isEmpty()) {
            statuses.add(422);
            if (!entrypoint.readsQueryString()) {
                statuses.add(400);
            }
        }
        return statuses;
    }

    private ObjectNode requestBody(EntrypointDefinition entrypoint, TypeSchemas types) {
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        List<ParameterDefinition> parameters = entrypoint.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterDefinition parameter = parameters.get(i);
            ObjectNode property = ParameterBounds.addTo(types.schemaFor(valueType(entrypoint, i)),
                    entrypoint.javaMethod().getParameters()[i]);
            properties.set(parameter.name(), withDefault(property, parameter));
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

    private ArrayNode queryParameters(EntrypointDefinition entrypoint, TypeSchemas types) {
        ArrayNode items = mapper.createArrayNode();
        List<ParameterDefinition> parameters = entrypoint.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterDefinition parameter = parameters.get(i);
            ObjectNode item = items.addObject();
            item.put("name", parameter.name());
            item.put("in", "query");
            item.put("required", parameter.required());
            ObjectNode schema = ParameterBounds.addTo(types.schemaFor(valueType(entrypoint, i)),
                    entrypoint.javaMethod().getParameters()[i]);
            if (JsonKind.of(parameter.valueType()) == JsonKind.OBJECT) {
                item.putObject("content").putObject(JSON).set("schema", schema); // sent as JSON text
            } else {
                item.set("schema", withDefault(schema, parameter));
            }
        }
        return items;
    }

    /** A schema with the parameter's {@link Default}; OpenAPI 3.1 allows it next to a {@code $ref}. */
    private static ObjectNode withDefault(ObjectNode schema, ParameterDefinition parameter) {
        if (parameter.defaultValue() != null) {
            schema.set("default", parameter.defaultValue());
        }
        return schema;
    }

    /** The declared type a JSON value of the parameter converts to: {@code T} for {@code Optional<T>}. */
    private static Type valueType(EntrypointDefinition entrypoint, int index) {
        Type declared = entrypoint.javaMethod().getGenericParameterTypes()[index];
        if (declared instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            return parameterized.getActualTypeArguments()[0];
        }
        return declared;
    }

    ObjectNode errorResponse(String description) {
        ObjectNode response = mapper.createObjectNode();
        response.put("description", description);
        response.putObject("content").putObject(JSON).putObject("schema").put("$ref", REF + ERROR);
        return response;
    }

    ObjectNode validationErrorResponse() {
        ObjectNode response = mapper.createObjectNode();
        response.put("description", "Missing or mistyped arguments, all listed");
        response.putObject("content").putObject(JSON).putObject("schema").put("$ref", REF + VALIDATION_ERROR);
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

    /** {@code /~parameters...} and {@code /~monitor...}, documented with the service's own parameter types. */
    private final class BuiltInRoutes {

        private final TypeSchemas types;

        BuiltInRoutes(TypeSchemas types) {
            this.types = types;
        }

        void addTo(ObjectNode paths, List<Parameter<?>> parameters) {
            ObjectNode all = mapper.createObjectNode().put("type", "object");
            ObjectNode allProperties = all.putObject("properties");
            for (Parameter<?> parameter : parameters) {
                allProperties.set(parameter.name(), types.schemaFor(parameter.type()));
            }
            ObjectNode list = operation(PARAMETERS_TAG, "parameters", "Every parameter's current value");
            list.putObject("responses").set("200", jsonResponse("Parameter values by name", all));
            paths.putObject(ParametersService.PATH).set("get", list);

            for (Parameter<?> parameter : parameters) {
                ObjectNode path = paths.putObject(ParametersService.PATH + "/" + parameter.name());
                ObjectNode read = operation(PARAMETERS_TAG, "get_" + parameter.name(), "The value of " + parameter.name());
                read.putObject("responses").set("200", jsonResponse("The current value", types.schemaFor(parameter.type())));
                path.set("get", read);
                if (parameter.exposed()) {
                    path.set("post", update(parameter));
                }
            }

            ObjectNode json = operation(MONITORING_TAG, "monitor", "Stored values by variable: {\"v\": {\"timestamp\": [...], \"value\": [...]}}");
            json.set("parameters", monitorFilters());
            ObjectNode jsonResponses = json.putObject("responses");
            jsonResponses.set("200", jsonResponse("Timestamps (ISO-8601, UTC) and values of each variable", monitoredValues()));
            jsonResponses.set("404", errorResponse("An unknown variable"));
            jsonResponses.set("422", validationErrorResponse());
            paths.putObject(MonitorService.PATH).set("get", json);

            ObjectNode csv = operation(MONITORING_TAG, "monitor_csv", "A zip with one <variable>.csv (timestamp,value) per variable");
            csv.set("parameters", monitorFilters());
            ObjectNode csvResponses = csv.putObject("responses");
            csvResponses.set("200", fileResponse("The zip of CSV files"));
            csvResponses.set("404", errorResponse("Nothing stored yet, or an unknown variable"));
            csvResponses.set("422", validationErrorResponse());
            paths.putObject(MonitorService.PATH + "/csv").set("get", csv);

            ObjectNode db = operation(MONITORING_TAG, "monitor_db", "A copy of the monitoring database (H2), zipped");
            ObjectNode dbResponses = db.putObject("responses");
            dbResponses.set("200", fileResponse("The zipped H2 database, monitor.mv.db"));
            dbResponses.set("404", errorResponse("Nothing stored yet"));
            paths.putObject(MonitorService.PATH + "/db").set("get", db);
        }

        private ObjectNode update(Parameter<?> parameter) {
            ObjectNode update = operation(PARAMETERS_TAG, "set_" + parameter.name(), "Change " + parameter.name());
            ObjectNode schema = mapper.createObjectNode().put("type", "object");
            schema.putObject("properties").set("value", types.schemaFor(parameter.type()));
            schema.putArray("required").add("value");
            ObjectNode body = update.putObject("requestBody").put("required", true);
            body.putObject("content").putObject(JSON).set("schema", schema);
            ObjectNode responses = update.putObject("responses");
            responses.set("200", jsonResponse("The new value", types.schemaFor(parameter.type())));
            responses.set("400", errorResponse("The body is not a JSON object"));
            responses.set("422", validationErrorResponse());
            return update;
        }

        private ObjectNode operation(String tag, String operationId, String summary) {
            ObjectNode operation = mapper.createObjectNode();
            operation.putArray("tags").add(tag);
            operation.put("operationId", operationId);
            operation.put("summary", summary);
            return operation;
        }

        private ArrayNode monitorFilters() {
            ArrayNode filters = mapper.createArrayNode();
            filters.add(query("start", "Earliest time, inclusive: ISO-8601 such as 2026-01-31T12:00:00Z, UTC without an offset",
                    mapper.createObjectNode().put("type", "string")));
            filters.add(query("end", "Latest time, inclusive", mapper.createObjectNode().put("type", "string")));
            ObjectNode names = mapper.createObjectNode().put("type", "array");
            names.putObject("items").put("type", "string");
            filters.add(query("variables", "Variables to answer (repeat the parameter for several); all when left out", names));
            return filters;
        }

        private ObjectNode query(String name, String description, ObjectNode schema) {
            ObjectNode parameter = mapper.createObjectNode();
            parameter.put("name", name).put("in", "query").put("required", false).put("description", description);
            parameter.set("schema", schema);
            return parameter;
        }

        private ObjectNode monitoredValues() {
            ObjectNode series = mapper.createObjectNode().put("type", "object");
            ObjectNode properties = series.putObject("properties");
            properties.putObject("timestamp").put("type", "array").putObject("items").put("type", "string").put("format", "date-time");
            properties.putObject("value").put("type", "array").putObject("items");
            ObjectNode schema = mapper.createObjectNode().put("type", "object");
            schema.set("additionalProperties", series);
            return schema;
        }

        private ObjectNode jsonResponse(String description, ObjectNode schema) {
            ObjectNode response = mapper.createObjectNode();
            response.put("description", description);
            response.putObject("content").putObject(JSON).set("schema", schema);
            return response;
        }

        private ObjectNode fileResponse(String description) {
            ObjectNode response = mapper.createObjectNode();
            response.put("description", description);
            response.putObject("content").putObject(ZIP).putObject("schema").put("type", "string").put("format", "binary");
            return response;
        }
    }
}
