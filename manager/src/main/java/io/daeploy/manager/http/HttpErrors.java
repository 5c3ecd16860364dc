package io.daeploy.manager.http;

import io.daeploy.manager.errors.DomainException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The one place where a domain problem becomes an HTTP status and {@code {"detail": ...}}. */
public final class HttpErrors {

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
        };
    }

    /** The routing's error handler for domain problems. */
    public static void handle(ServerRequest req, ServerResponse res, DomainException problem) {
        JsonResponses.error(res, status(problem), problem.detail());
    }
}
