package io.daeploy.sdk;

/** The body is not JSON, or not a JSON object; becomes a 400 answer with this message as detail. */
final class BadRequestBodyException extends Exception {

    BadRequestBodyException(String detail) {
        super(detail, null, false, false); // no stack trace: a normal outcome
    }
}
