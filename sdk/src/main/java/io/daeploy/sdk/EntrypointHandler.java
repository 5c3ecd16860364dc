package io.daeploy.sdk;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

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
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    private final EntrypointDefinition entrypoint;
    private final ArgumentBinder binder;
    private final MethodHandle invoker;
    private final ObjectWriter writer;
    private final ErrorResponses errors;
    private final Status successStatus;
    private final boolean noContent;

    EntrypointHandler(EntrypointDefinition entrypoint, ObjectMapper mapper, ErrorResponses errors) {
        this.entrypoint = entrypoint;
        this.binder = new ArgumentBinder(entrypoint.parameters(), mapper);
        this.invoker = entrypoint.invoker();
        this.writer = mapper.writer();
        this.errors = errors;
        this.successStatus = Status.create(entrypoint.successStatus());
        this.noContent = entrypoint.successStatus() == Status.NO_CONTENT_204.code();
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        Object[] arguments;
        try {
            arguments = arguments(request);
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
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.SEVERE, "Entrypoint " + entrypoint.name() + " returned a value that cannot be written as JSON", e);
            errors.send(response, Status.INTERNAL_SERVER_ERROR_500, "Internal error in entrypoint " + entrypoint.name()
                    + ": the result cannot be written as JSON: " + e.getClass().getName() + ": " + e.getMessage());
            return;
        }
        response.status(successStatus);
        if (noContent) {
            response.send();
            return;
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json);
    }

    private Object[] arguments(ServerRequest request) throws BadRequestBodyException, InvalidArgumentsException {
        ReadableEntity content = request.content();
        if (!binder.hasParameters()) {
            if (content.hasEntity()) {
                content.consume(); // nothing to read, but the connection must stay usable
            }
            return binder.fromJson(EMPTY);
        }
        byte[] body = content.hasEntity() ? readAll(content) : EMPTY;
        if (entrypoint.readsQueryString() && ArgumentBinder.isBlank(body)) {
            return binder.fromQuery(request.query());
        }
        return binder.fromJson(body);
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
        // The caller gets a message, never a stack trace; the log gets the stack trace.
        LOGGER.log(Level.SEVERE, "Entrypoint " + entrypoint.name() + " failed", cause);
        errors.send(response, Status.INTERNAL_SERVER_ERROR_500, "Internal error in entrypoint " + entrypoint.name()
                + ": " + cause.getClass().getName() + ": " + cause.getMessage());
    }

    /** Jackson needs an extra module for Optional; a returned Optional is simply its value or null. */
    private static Object unwrap(Object result) {
        return result instanceof Optional<?> optional ? optional.orElse(null) : result;
    }
}
