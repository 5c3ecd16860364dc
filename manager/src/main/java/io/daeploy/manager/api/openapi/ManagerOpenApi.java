package io.daeploy.manager.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daeploy.common.Json;
import io.daeploy.common.NotificationRequest;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The manager's OpenAPI 3.1 document, made from {@link ManagerApiRoutes} for the routes that the running manager
 * registered: with authentication off there is no login and no user administration, and no security scheme.
 */
public final class ManagerOpenApi {

    /** The gateway's methods in the document: OpenAPI has no "any method". */
    private static final List<String> GATEWAY_METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final ObjectMapper MAPPER = Json.mapper();

    private ManagerOpenApi() {
    }

    /**
     * @param registered the routes as {@code "METHOD /path"} (see {@code RouteCatalog}); only those are described
     * @param version    the manager's version
     */
    public static ObjectNode document(Collection<String> registered, String version) {
        Set<String> routes = Set.copyOf(registered);
        // the login routes are there exactly when authentication is on
        boolean auth = routes.contains("POST /auth/login");
        AnswerSchemas types = new AnswerSchemas(MAPPER, Set.of(NotificationRequest.class));
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Daeploy manager");
        info.put("version", version);
        info.put("description", "Deploy, list, kill and reach services. Every error is `{\"detail\": ...}`."
                + (auth ? " Send `Authorization: Bearer <token>` (mvn daeploy:token) or the login's cookie."
                        : " Authentication is off: no route asks who you are."));
        ObjectNode paths = doc.putObject("paths");
        for (ApiRoute route : ManagerApiRoutes.all()) {
            if (!routes.contains(route.key())) {
                continue;
            }
            ObjectNode item = paths.has(openApiPath(route.path())) ? (ObjectNode) paths.get(openApiPath(route.path()))
                    : paths.putObject(openApiPath(route.path()));
            List<String> methods = route.method().equals("ANY") ? GATEWAY_METHODS
                    : List.of(route.method().toLowerCase(Locale.ROOT));
            for (String method : methods) {
                item.set(method, operation(route, method, auth, types));
            }
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = types.components();
        // detail has no type: a list of types (or anyOf over them) makes openapi-generator's Java clients uncompilable
        schemas.set("Error", read("{'type':'object','required':['detail'],'additionalProperties':false,'properties':{"
                + "'detail':{'description':'what went wrong: a sentence (a string), or for some 422s a list of field"
                + " problems (an array of objects)'}}}"));
        components.set("schemas", sorted(schemas));
        if (auth) {
            ObjectNode schemes = components.putObject("securitySchemes");
            schemes.set("bearer", read("{'type':'http','scheme':'bearer','bearerFormat':'JWT',"
                    + "'description':'an API token (POST /auth/token, mvn daeploy:token) or a session token'}"));
            schemes.set("cookie", read("{'type':'apiKey','in':'cookie','name':'daeploy',"
                    + "'description':'the session cookie that POST /auth/login sets (HttpOnly)'}"));
            doc.set("security", read("[{'bearer':[]},{'cookie':[]}]"));
        }
        return doc;
    }

    /** {@code /services/{name}/*} is {@code /services/{name}/{path}}: OpenAPI has no wildcard. */
    static String openApiPath(String path) {
        String templated = path.endsWith("/*") ? path.substring(0, path.length() - 1) + "{path}" : path;
        return templated.isEmpty() ? "/" : templated;
    }

    private static ObjectNode operation(ApiRoute route, String method, boolean auth, AnswerSchemas types) {
        ObjectNode op = MAPPER.createObjectNode();
        op.putArray("tags").add(route.tag());
        op.put("summary", route.summary());
        if (!route.description().isEmpty()) {
            op.put("description", route.description());
        }
        op.put("operationId", operationId(method, route.path()));
        if (!route.parameters().isEmpty()) {
            ArrayNode parameters = op.putArray("parameters");
            for (ApiRoute.Parameter p : route.parameters()) {
                ObjectNode parameter = parameters.addObject();
                parameter.put("name", p.name());
                parameter.put("in", p.in());
                parameter.put("required", p.required());
                parameter.put("description", p.description());
                parameter.set("schema", read(p.schema()));
            }
        }
        route.request().ifPresent(content -> {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", !route.method().equals("ANY"));
            body.set("content", MAPPER.createObjectNode().set(content.mediaType(), media(content, types)));
        });
        ObjectNode responses = op.putObject("responses");
        Map<Integer, ApiRoute.Answer> answers = new TreeMap<>(route.answers());
        if (auth && !route.open()) {
            answers.putIfAbsent(401, errorAnswer(401));
            answers.putIfAbsent(403, errorAnswer(403));
            if (method.equals("get")) {
                answers.putIfAbsent(303, new ApiRoute.Answer("A browser (Accept: text/html) without a session: sent to"
                        + " the login page, which comes back here once logged in", List.of(),
                        Map.of("Location", "/auth/login?next=...")));
            }
        }
        answers.putIfAbsent(500, errorAnswer(500));
        answers.forEach((status, answer) -> {
            ObjectNode response = responses.putObject(String.valueOf(status));
            response.put("description", answer.description());
            if (!answer.contents().isEmpty()) {
                ObjectNode content = response.putObject("content");
                answer.contents().forEach(c -> content.set(c.mediaType(), media(c, types)));
            }
            if (!answer.headers().isEmpty()) {
                ObjectNode headers = response.putObject("headers");
                answer.headers().forEach((name, description) -> headers.putObject(name).put("description", description)
                        .putObject("schema").put("type", "string"));
            }
        });
        if (route.open() && auth) {
            op.putArray("security");
        }
        return op;
    }

    private static ApiRoute.Answer errorAnswer(int status) {
        return new ApiRoute.Answer(ErrorStatuses.describe(status), List.of(ApiRoute.Content.json(ErrorStatuses.ERROR)), Map.of());
    }

    private static ObjectNode media(ApiRoute.Content content, AnswerSchemas types) {
        ObjectNode media = MAPPER.createObjectNode();
        content.shape().ifPresent(shape -> media.set("schema", schema(shape, types)));
        return media;
    }

    private static JsonNode schema(Object shape, AnswerSchemas types) {
        if (shape.equals(ErrorStatuses.ERROR)) {
            return read("{'$ref':'#/components/schemas/Error'}");
        }
        if (shape instanceof String text) {
            return read(text);
        }
        if (shape instanceof ManagerApiRoutes.ListOf list) {
            ObjectNode array = MAPPER.createObjectNode().put("type", "array");
            array.set("items", types.schemaFor(list.item()));
            return array;
        }
        return types.schemaFor((Type) shape);
    }

    /** {@code get_services_assign}-like ids, unique per method and path, for generated clients. */
    static String operationId(String method, String path) {
        String words = path.replaceAll("[{}~*]", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        return method + (words.isEmpty() ? "_root" : "_" + words);
    }

    private static JsonNode read(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A schema of the manager's API table is not JSON: " + singleQuoted, e);
        }
    }

    private static ObjectNode sorted(ObjectNode schemas) {
        ObjectNode ordered = MAPPER.createObjectNode();
        new TreeMap<String, JsonNode>(MAPPER.convertValue(schemas, new com.fasterxml.jackson.core.type.TypeReference<
                Map<String, JsonNode>>() { })).forEach(ordered::set);
        return ordered;
    }
}
