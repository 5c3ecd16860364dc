package io.daeploy.sdk;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Serves one entrypoint: read the arguments, call the method, answer with the JSON of its result.
 * Everything reflective was settled at start; a call is a parse, a bind, one invokeExact and a write.
 */
final class EntrypointHandler implements Handler {

    private static final Logger LOGGER = Logger.getLogger(EntrypointHandler.class.getName());
    private static final Logger ACCESS = Logger.getLogger("io.daeploy.sdk.access");
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    private final EntrypointDefinition entrypoint;
    private final ArgumentBinder binder;
    private final MethodHandle invoker;
    private final ObjectWriter writer;
    private final ObjectMapper mapper;
    private final ErrorResponses errors;
    private final MonitorStore store;
    private final String requestVariable;
    private final String responseVariable;
    private final Status successStatus;
    private final boolean noContent;
    private final UndeclaredStatuses undeclared;

    EntrypointHandler(EntrypointDefinition entrypoint, ObjectMapper mapper, ErrorResponses errors, MonitorStore store) {
        this.entrypoint = entrypoint;
        this.binder = new ArgumentBinder(entrypoint.parameters(), mapper, entrypoint.bounds());
        this.invoker = entrypoint.invoker();
        this.writer = ServiceJson.answers().writer();
        this.undeclared = new UndeclaredStatuses(entrypoint);
        this.mapper = mapper;
        this.errors = errors;
        this.store = store;
        this.successStatus = Status.create(entrypoint.successStatus());
        this.noContent = entrypoint.successStatus() == Status.NO_CONTENT_204.code();
        this.requestVariable = entrypoint.name() + "_request";
        this.responseVariable = entrypoint.name() + "_response";
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        // Daeploy.store called by the entrypoint goes to this service's store, also when a JVM runs several services.
        MonitorStore previous = MonitorStore.bind(store);
        try {
            serve(request, response);
        } finally {
            MonitorStore.restore(previous);
            if (entrypoint.accessLog() && ACCESS.isLoggable(Level.INFO)) {
                ACCESS.info(entrypoint.httpMethod().text() + " /" + entrypoint.name() + " " + response.status().code()
                        + " " + String.format("%.1f", (System.nanoTime() - start) / 1e6) + " ms");
            }
        }
    }

    private void serve(ServerRequest request, ServerResponse response) {
        byte[] body;
        Object[] arguments;
        try {
            body = body(request);
            arguments = entrypoint.readsQueryString() && binder.hasParameters() && ArgumentBinder.isBlank(body)
                    ? binder.fromQuery(request.query())
                    : binder.fromJson(body);
        } catch (BadRequestBodyException e) {
            errors.send(response, Status.BAD_REQUEST_400, e.getMessage());
            return;
        } catch (InvalidArgumentsException e) {
            errors.sendProblems(response, e.problems());
            return;
        }

        Object result;
        try {
            result = (Object) invoker.invokeExact(arguments);
        } catch (Throwable thrown) {
            failed(response, thrown);
            return;
        }

        byte[] json;
        try {
            json = result == null ? JSON_NULL : writer.writeValueAsBytes(unwrap(result));
        } catch (FiniteNumbers.NotFiniteException e) {
            // Never a string in a number's place: the answer would break the document, so it is this service's fault.
            errors.sendInternalError(response, LOGGER, entrypoint.name(), e, "it produced a number JSON cannot carry ("
                    + e.value() + " at " + e.where() + ")");
            return;
        } catch (IOException | RuntimeException e) {
            errors.sendInternalError(response, LOGGER, entrypoint.name(), e, null);
            return;
        }
        if (entrypoint.monitor()) {
            monitor(request, body, json);
        }
        response.status(successStatus);
        if (noContent) {
            response.send();
            return;
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json);
    }

    /** The body when the entrypoint reads one; an entrypoint without parameters only drains it. */
    private byte[] body(ServerRequest request) throws BadRequestBodyException {
        ReadableEntity content = request.content();
        if (!content.hasEntity()) {
            return EMPTY;
        }
        if (!binder.hasParameters()) {
            content.consume(); // nothing to read, but the connection must stay usable
            return EMPTY;
        }
        return readAll(content);
    }

    /** Stores the call as {@code <name>_request} (its arguments as JSON) and {@code <name>_response} (the answer). */
    private void monitor(ServerRequest request, byte[] body, byte[] answer) {
        Instant now = Instant.now();
        String arguments;
        if (!ArgumentBinder.isBlank(body)) {
            arguments = new String(body, StandardCharsets.UTF_8);
        } else if (entrypoint.readsQueryString() && !request.query().isEmpty()) {
            ObjectNode query = mapper.createObjectNode();
            for (String name : request.query().names()) {
                query.put(name, request.query().get(name));
            }
            arguments = query.toString();
        } else {
            arguments = "{}";
        }
        store.offer(MonitoredValue.json(requestVariable, now, arguments));
        store.offer(MonitoredValue.json(responseVariable, now, new String(answer, StandardCharsets.UTF_8)));
    }

    private static byte[] readAll(ReadableEntity content) throws BadRequestBodyException {
        try (var in = content.inputStream()) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new BadRequestBodyException("Request body could not be read: " + e.getMessage());
        }
    }

    private void failed(ServerResponse response, Throwable thrown) {
        Throwable cause = thrown instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : thrown;
        if (cause instanceof HttpException http) {
            undeclared.warnOnce(http.status());
            errors.send(response, Status.create(http.status()), http.detail());
            return;
        }
        if (cause instanceof ServiceCallException call) {
            // The fault lies with the service called, not with this one: 502, as a gateway answers.
            LOGGER.log(Level.WARNING, "Entrypoint " + entrypoint.name() + " failed: " + call.getMessage());
            errors.send(response, Status.BAD_GATEWAY_502, call.getMessage());
            return;
        }
        if (cause instanceof VirtualMachineError fatal && !(cause instanceof StackOverflowError)) {
            throw fatal;
        }
        // The caller gets an id to quote, never the exception; the log gets the stack trace under that id.
        errors.sendInternalError(response, LOGGER, entrypoint.name(), cause, null);
    }

    /** Jackson needs an extra module for Optional; a returned Optional is simply its value or null. */
    private static Object unwrap(Object result) {
        return result instanceof Optional<?> optional ? optional.orElse(null) : result;
    }
}
