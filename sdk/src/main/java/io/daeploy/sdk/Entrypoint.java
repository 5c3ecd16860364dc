package io.daeploy.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a service class as an HTTP entrypoint, served at {@code /<methodName>}.
 *
 * <p>The request body is one JSON object keyed by parameter names ({@code {"name": "Bob"}}); the
 * response is the JSON of the return value. Parameter names come from {@code javac -parameters}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Entrypoint {

    /** HTTP method of the route: GET, POST, PUT, DELETE or PATCH. */
    String method() default "POST";

    /** Status of a successful answer (a 2xx code). */
    int status() default 200;

    /**
     * Store every successful call in the monitoring store: its arguments as {@code <name>_request} and its
     * answer as {@code <name>_response} (see {@code GET /~monitor}). Off by default.
     */
    boolean monitor() default false;

    /**
     * Log one line per call ({@code POST /hello 200 0.4 ms}, logger {@code io.daeploy.sdk.access}). On by default;
     * turn it off for an entrypoint called so often that the lines would drown the rest of the log.
     */
    boolean accessLog() default true;

    /**
     * The error statuses the entrypoint answers by throwing {@link HttpException}, e.g. {@code errors = {404, 409}}
     * (each 400 to 599). The OpenAPI document lists each with the {@code {"detail": ...}} schema, so a generated
     * client knows them. A thrown status that is not declared still answers, and the service logs a warning.
     */
    int[] errors() default {};
}
