package io.daeploy.common;

/**
 * A manager call that did not succeed: either the manager answered with an error status
 * ({@link #status()} &gt; 0, {@link #detail()} from its {@code {"detail": ...}} body), or it could not be
 * reached at all ({@link #status()} == 0).
 */
public class ManagerException extends RuntimeException {

    private final int status;
    private final String detail;

    public ManagerException(int status, String detail, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public boolean unreachable() {
        return status == 0;
    }
}
