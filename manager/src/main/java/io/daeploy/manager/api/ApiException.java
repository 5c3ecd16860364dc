package io.daeploy.manager.api;

import io.helidon.http.Status;

/** A request the manager refuses: becomes {@code {"detail": ...}} with the given status. */
public class ApiException extends RuntimeException {

    private final Status status;
    private final Object detail;

    public ApiException(Status status, Object detail) {
        super(String.valueOf(detail));
        this.status = status;
        this.detail = detail;
    }

    public Status status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(Status.NOT_FOUND_404, detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(Status.BAD_REQUEST_400, detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(Status.create(422, "Unprocessable Content"), detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Status.CONFLICT_409, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(Status.FORBIDDEN_403, detail);
    }
}
