package io.daeploy.sdk;

/**
 * Thrown by an entrypoint to answer with a chosen status and {@code {"detail": detail}},
 * for example {@code throw new HttpException(404, "No order 17")}.
 */
public class HttpException extends RuntimeException {

    private final int status;
    private final String detail;

    public HttpException(int status, String detail) {
        super(status + ": " + detail);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HttpException status must be between 100 and 599, got " + status);
        }
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
