package io.daeploy.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /~parameters}: every parameter's value; {@code /~parameters/{name}}: read one, or change it with
 * {@code POST {"value": ...}}. A new value is converted as an entrypoint argument named {@code value} would be,
 * so a wrong type, a null or a number JSON cannot carry is the same 422 a caller of an entrypoint gets, located
 * {@code ["body", "value", ...]}.
 */
final class ParametersService implements HttpService {

    static final String PATH = "/~parameters";

    /** One parameter with what reading a new value for it takes. */
    private record Served(Parameter<Object> parameter, ArgumentBinder binder) {
    }

    private final Map<String, Served> parameters = new LinkedHashMap<>();
    private final ObjectMapper mapper;
    private final ErrorResponses errors;
    private final String known;

    @SuppressWarnings("unchecked")
    ParametersService(List<Parameter<?>> parameters, ObjectMapper mapper, ErrorResponses errors) {
        this.mapper = mapper;
        this.errors = errors;
        for (Parameter<?> parameter : parameters) {
            JavaType type = mapper.constructType(parameter.type());
            // Not optional: a parameter takes null only where its type does (JsonNode, Object)
            ParameterDefinition value = new ParameterDefinition("value", type, false,
                    EntrypointScanner.reader(type, mapper), null);
            this.parameters.put(parameter.name(), new Served((Parameter<Object>) parameter,
                    new ArgumentBinder(List.of(value), mapper)));
        }
        this.known = parameters.isEmpty() ? "(none)"
                : parameters.stream().map(Parameter::name).collect(Collectors.joining(", "));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", (request, response) -> notAllowed(response, "GET", "Parameters are listed with GET"))
                .get("/{name}", this::read)
                .post("/{name}", this::update)
                .any("/{name}", this::otherMethod);
    }

    private void list(ServerRequest request, ServerResponse response) throws JsonProcessingException {
        ObjectNode values = mapper.createObjectNode();
        for (Served served : parameters.values()) {
            values.set(served.parameter().name(), mapper.valueToTree(served.parameter().get()));
        }
        sendJson(response, Status.OK_200, mapper.writeValueAsBytes(values));
    }

    private void read(ServerRequest request, ServerResponse response) throws JsonProcessingException {
        Served served = find(request, response);
        if (served != null) {
            sendJson(response, Status.OK_200, mapper.writeValueAsBytes(served.parameter().get()));
        }
    }

    private void update(ServerRequest request, ServerResponse response) throws IOException {
        Served served = find(request, response);
        if (served == null) {
            return;
        }
        Parameter<Object> parameter = served.parameter();
        if (!parameter.exposed()) {
            if (request.content().hasEntity()) {
                request.content().consume();
            }
            notAllowed(response, "GET", "Parameter '" + parameter.name() + "' is not exposed: it can be read, and only"
                    + " the service itself changes it");
            return;
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readAllBytes();
        }
        Object value;
        try {
            value = served.binder().fromJson(body)[0];
        } catch (BadRequestBodyException e) {
            errors.send(response, Status.BAD_REQUEST_400, e.getMessage());
            return;
        } catch (InvalidArgumentsException e) {
            errors.sendProblems(response, e.problems());
            return;
        }
        try {
            parameter.set(value);
        } catch (IllegalArgumentException e) { // the parameter's own check refused it
            errors.sendProblems(response, List.of(ArgumentProblem.valueError(List.of(ArgumentBinder.BODY, "value"),
                    String.valueOf(e.getMessage()))));
            return;
        }
        sendJson(response, Status.OK_200, mapper.writeValueAsBytes(value));
    }

    private void otherMethod(ServerRequest request, ServerResponse response) {
        Served served = find(request, response);
        if (served != null) {
            notAllowed(response, served.parameter().exposed() ? "GET, POST" : "GET", "Method "
                    + request.prologue().method().text() + " is not allowed on parameter '" + served.parameter().name()
                    + "'; read it with GET" + (served.parameter().exposed() ? ", change it with POST {\"value\": ...}" : ""));
        }
    }

    private Served find(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        Served served = parameters.get(name);
        if (served == null) {
            errors.send(response, Status.NOT_FOUND_404, "No parameter '" + name + "'. Parameters: " + known);
        }
        return served;
    }

    private void notAllowed(ServerResponse response, String allowed, String detail) {
        response.header(HeaderNames.ALLOW, allowed);
        errors.send(response, Status.METHOD_NOT_ALLOWED_405, detail);
    }

    private static void sendJson(ServerResponse response, Status status, byte[] body) {
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(body);
    }
}
