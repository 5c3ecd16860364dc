package io.daeploy.manager.errors;

/**
 * Something the manager refuses or cannot do, in the domain's words: which kind of problem, and a detail for the
 * user. Thrown by domain code; the HTTP edge alone decides the status each kind becomes.
 */
public final class DomainException extends RuntimeException {

    /** What went wrong, as a user of the manager would put it. */
    public enum Kind {
        /** the thing asked about does not exist */
        NOT_FOUND,
        /** it exists already, or its state does not allow this now */
        CONFLICT,
        /** never allowed, whatever the state */
        FORBIDDEN,
        /** a value that breaks a rule of the domain: a bad name, an unusable base image */
        INVALID,
        /** input that cannot be read at all: not JSON, not a multipart upload */
        MALFORMED,
        /** more than the manager accepts */
        TOO_LARGE,
        /** no valid credentials */
        UNAUTHENTICATED,
        /** too many failed attempts: try again later */
        TOO_MANY_ATTEMPTS,
        /** a system the manager depends on refused or could not be reached */
        UPSTREAM_FAILED,
        /** the manager cannot do it now (its database cannot be reached): try again later */
        UNAVAILABLE
    }

    private final Kind kind;
    private final Object detail;

    public DomainException(Kind kind, Object detail) {
        super(String.valueOf(detail));
        this.kind = kind;
        this.detail = detail;
    }

    public DomainException(Kind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    /** A message, or for {@link Kind#INVALID} input a list of field problems. */
    public Object detail() {
        return detail;
    }

    public static DomainException notFound(String detail) {
        return new DomainException(Kind.NOT_FOUND, detail);
    }

    public static DomainException conflict(String detail) {
        return new DomainException(Kind.CONFLICT, detail);
    }

    public static DomainException forbidden(String detail) {
        return new DomainException(Kind.FORBIDDEN, detail);
    }

    public static DomainException invalid(String detail) {
        return new DomainException(Kind.INVALID, detail);
    }

    public static DomainException malformed(String detail) {
        return new DomainException(Kind.MALFORMED, detail);
    }

    public static DomainException tooLarge(String detail) {
        return new DomainException(Kind.TOO_LARGE, detail);
    }

    public static DomainException unauthenticated(String detail) {
        return new DomainException(Kind.UNAUTHENTICATED, detail);
    }

    public static DomainException tooManyAttempts(String detail) {
        return new DomainException(Kind.TOO_MANY_ATTEMPTS, detail);
    }

    public static DomainException upstreamFailed(String detail, Throwable cause) {
        return new DomainException(Kind.UPSTREAM_FAILED, detail, cause);
    }

    public static DomainException unavailable(String detail, Throwable cause) {
        return new DomainException(Kind.UNAVAILABLE, detail, cause);
    }
}
