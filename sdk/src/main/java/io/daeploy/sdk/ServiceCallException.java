package io.daeploy.sdk;

/**
 * A call to another service that did not give a usable answer: the service or entrypoint is unknown,
 * the callee refused the arguments or failed, the answer was not of the requested type, it took too
 * long, or the manager could not be reached. The message says which.
 * <p>
 * Left uncaught in an entrypoint, it answers that entrypoint's caller with 502 and
 * {@code {"detail": "Call to die_roller/roll failed: ..."}}.
 */
public class ServiceCallException extends RuntimeException {

    /** Which way the call failed, for code that reacts to one case and not another. */
    public enum Kind {
        /** No service (or no such version) by that name is deployed: 404 from the manager. */
        UNKNOWN_SERVICE,
        /** The service has no entrypoint by that name: 404 from the service. */
        UNKNOWN_ENTRYPOINT,
        /** The callee refused the arguments: 422. */
        REFUSED_ARGUMENTS,
        /** Any other status of 300 or more. */
        ERROR_STATUS,
        /** A successful answer that is not of the type asked for. */
        WRONG_ANSWER_TYPE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The manager could not be reached. */
        MANAGER_UNREACHABLE
    }

    private final Kind kind;
    private final String service;
    private final String entrypoint;
    private final int status;
    private final String detail;

    /**
     * @param kind       which way the call failed
     * @param service    the called service, with {@code _version} when a version was asked for
     * @param entrypoint the called entrypoint
     * @param status     the HTTP status of the answer, 0 when there was none
     * @param detail     the error answer's {@code detail}, or null
     * @param message    what went wrong, for a human
     * @param cause      the underlying failure, or null
     */
    public ServiceCallException(Kind kind, String service, String entrypoint, int status, String detail, String message,
                                Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.service = service;
        this.entrypoint = entrypoint;
        this.status = status;
        this.detail = detail;
    }

    /** Which way the call failed: the same case the message names, without reading the message. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the answer, or 0 when no answer came (timeout, manager unreachable). */
    public int status() {
        return status;
    }

    /**
     * The {@code detail} of the callee's or manager's {@code {"detail": ...}} answer: a text detail as is,
     * a list or object (such as a 422's field problems) as its JSON. An error answer without that shape gives
     * its text; null when no error answer came (timeout, manager unreachable, an answer of the wrong type).
     */
    public String detail() {
        return detail;
    }

    /** The called service, e.g. {@code die_roller}, or {@code die_roller_1.0.0} when a version was asked for. */
    public String service() {
        return service;
    }

    public String entrypoint() {
        return entrypoint;
    }
}
