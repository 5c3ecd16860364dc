package io.daeploy.manager.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daeploy.manager.errors.DomainException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The one place where a domain problem becomes an HTTP status and {@code {"detail": ...}}. */
public final class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());
    private static final Status UNPROCESSABLE = Status.create(422, "Unprocessable Content");

    private HttpErrors() {
    }

    public static Status status(DomainException problem) {
        return switch (problem.kind()) {
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case INVALID -> UNPROCESSABLE;
            case MALFORMED -> Status.BAD_REQUEST_400;
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case UNAUTHENTICATED -> Status.UNAUTHORIZED_401;
            case TOO_MANY_ATTEMPTS -> Status.TOO_MANY_REQUESTS_429;
            case UPSTREAM_FAILED -> Status.BAD_GATEWAY_502;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
        };
    }

    /**
     * The routing's error handler for everything else: {@code Internal manager error (id <id>)}, the stack trace logged
     * under the same id. The exception's message may tell a caller about the manager's insides, so only the log has it.
     */
    public static void internalError(ServerRequest req, ServerResponse res, Exception e) {
        JsonResponses.error(res, Status.INTERNAL_SERVER_ERROR_500,
                internalErrorDetail("Request " + req.prologue().method().text() + " " + req.path().path(), e));
    }

    /** Logs {@code e} under a new id and answers the detail a caller gets: {@code Internal manager error (id <id>)}. */
    public static String internalErrorDetail(String what, Throwable e) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        String detail = "Internal manager error (id " + id + ")";
        LOG.log(Level.SEVERE, what + " failed: " + detail, e);
        return detail;
    }

    /** The routing's error handler for domain problems. */
    public static void handle(ServerRequest req, ServerResponse res, DomainException problem) {
        JsonResponses.error(res, status(problem), problem.detail());
    }
}
