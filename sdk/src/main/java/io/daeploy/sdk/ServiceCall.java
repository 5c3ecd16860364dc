package io.daeploy.sdk;

import java.io.IOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.daeploy.common.Json;
import io.daeploy.common.ServiceNames;
import io.helidon.http.Method;

/**
 * One call to an entrypoint of another service through the manager's gateway, built step by step and
 * sent by {@code as(...)} or {@link #asJson()}:
 * {@code Daeploy.call("yatzee", "score").version("1.0.0").arguments(request).as(Score.class)}.
 * <p>
 * A builder is meant for one thread; every {@code as(...)} sends the call again.
 */
public final class ServiceCall {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final String service;
    private final String entrypoint;
    private String version;
    private Method method = Method.POST;
    private Object arguments;
    private Duration timeout;

    ServiceCall(String service, String entrypoint) {
        ServiceNames.nameProblem(service).ifPresent(problem -> {
            throw new IllegalArgumentException("service: " + problem);
        });
        if (entrypoint == null || entrypoint.isBlank()) {
            throw new IllegalArgumentException("entrypoint must not be blank");
        }
        this.service = service;
        this.entrypoint = entrypoint.startsWith("/") ? entrypoint.substring(1) : entrypoint;
    }

    /** Calls this version only; without it the main version answers and the manager mirrors the call to shadows. */
    public ServiceCall version(String version) {
        if (version != null) {
            ServiceNames.versionProblem(version).ifPresent(problem -> {
                throw new IllegalArgumentException("version: " + problem);
            });
        }
        this.version = version;
        return this;
    }

    /** GET, POST (the default), PUT, DELETE or PATCH: the method the entrypoint was declared with. */
    public ServiceCall method(String method) {
        String upper = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(upper)) {
            throw new IllegalArgumentException("method must be one of GET, POST, PUT, DELETE, PATCH; got '" + method + "'");
        }
        this.method = Method.create(upper);
        return this;
    }

    /**
     * The entrypoint's arguments: a {@code Map} or an object (record, POJO) whose fields are its parameter names.
     * Sent as one JSON object, or for GET and DELETE as query parameters. Null means none.
     */
    public ServiceCall arguments(Object arguments) {
        this.arguments = arguments;
        return this;
    }

    /** How long to wait for the answer; default {@code DAEPLOY_CALL_TIMEOUT_SECONDS}, else 30 s. */
    public ServiceCall timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /** Sends the call and converts the answer to {@code type}; an empty answer is null. */
    public <T> T as(Class<T> type) {
        return as((Type) type); // not type.cast: int.class would refuse the Integer it reads
    }

    /** Sends the call and converts the answer to a generic type: {@code as(new TypeRef<List<Integer>>() {})}. */
    public <T> T as(TypeRef<T> type) {
        Objects.requireNonNull(type, "type");
        return as(type.type());
    }

    /** Sends the call and converts the answer to any {@link Type}, e.g. one read from a method signature. */
    @SuppressWarnings("unchecked")
    public <T> T as(Type type) {
        Objects.requireNonNull(type, "type");
        ObjectMapper mapper = Json.mapper();
        return (T) convert(mapper.constructType(type), mapper);
    }

    /** Sends the call and answers the JSON as it came (JSON null for an empty answer). */
    public JsonNode asJson() {
        ObjectMapper mapper = Json.mapper();
        ManagerTransport.Answer answer = send(mapper);
        if (ArgumentBinder.isBlank(answer.body())) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(answer.body());
        } catch (IOException e) {
            throw failures(mapper).notConvertible(answer.status(), answer.body(), "JSON", e);
        }
    }

    private Object convert(JavaType type, ObjectMapper mapper) {
        ManagerTransport.Answer answer = send(mapper);
        if (ArgumentBinder.isBlank(answer.body())) {
            if (type.isPrimitive()) {
                throw failures(mapper).notConvertible(answer.status(), answer.body(), "a " + type.getRawClass().getName(),
                        new IllegalStateException("no value for a primitive type"));
            }
            return null;
        }
        try {
            return mapper.readValue(answer.body(), type);
        } catch (IOException e) {
            throw failures(mapper).notConvertible(answer.status(), answer.body(), "a " + type.toCanonical(), e);
        }
    }

    /** Sends the call and answers a successful (2xx) answer, or throws what went wrong. */
    private ManagerTransport.Answer send(ObjectMapper mapper) {
        ObjectNode args = CallRequest.argumentsObject(arguments, mapper); // a bad argument is the caller's bug: say so first
        ManagerConnection connection = Daeploy.connection();
        URI managerUrl = connection.managerUrl().orElseThrow(() -> Daeploy.noManager("callService"));
        Duration wait = timeout != null ? timeout : connection.callTimeout();
        URI uri = CallRequest.uri(managerUrl, target(), entrypoint, method, args);
        byte[] body = CallRequest.sendsQuery(method) ? null : args.toString().getBytes(StandardCharsets.UTF_8);

        Daeploy.LOGGER.info(() -> "Calling " + entrypoint + " of " + service + (version == null ? "" : " " + version));
        // Arguments may hold personal data: never at INFO.
        Daeploy.LOGGER.fine(() -> "Arguments of " + target() + "/" + entrypoint + ": " + args);
        ManagerTransport.Answer answer;
        try {
            answer = ManagerTransport.shared().exchange(method, uri, connection.token(), body, wait);
        } catch (ManagerTransport.NoAnswer e) {
            Daeploy.LOGGER.log(Level.FINE, "No answer from " + target() + "/" + entrypoint, e);
            throw failures(mapper).noAnswer(e, wait, managerUrl);
        }
        Daeploy.LOGGER.fine(() -> "Answer from " + target() + "/" + entrypoint + ": " + answer.status());
        if (answer.status() >= 300) {
            throw failures(mapper).errorStatus(answer.status(), answer.body());
        }
        return answer;
    }

    /** The gateway's name for the callee: {@code die_roller}, or {@code die_roller_1.0.0} for one version. */
    private String target() {
        return version == null ? service : service + "_" + version;
    }

    private CallFailures failures(ObjectMapper mapper) {
        return new CallFailures(target(), entrypoint, mapper);
    }
}
