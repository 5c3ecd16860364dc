package io.daeploy.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.util.List;

import com.fasterxml.jackson.databind.JavaType;

/**
 * One validated entrypoint, with everything a call needs worked out at start.
 *
 * @param name          route name and OpenAPI operationId (the Java method name)
 * @param httpMethod    the HTTP method it answers
 * @param successStatus status of a successful answer
 * @param monitor       store each call's arguments and answer in the monitoring store
 * @param accessLog     log one line per call
 * @param javaMethod    the annotated method, for messages and documentation
 * @param parameters    its parameters in declaration order
 * @param returnType    declared return type, for the OpenAPI document
 * @param invoker       {@code (Object[]) -> Object}, already bound to the service instance
 * @param errors        the error statuses it declares ({@link Entrypoint#errors()}), ascending
 * @param bounds        the checks of its declared bounds ({@code @Min}, {@code @Size} ...), or {@link Bounds#NONE}
 */
record EntrypointDefinition(
        String name,
        io.helidon.http.Method httpMethod,
        int successStatus,
        boolean monitor,
        boolean accessLog,
        Method javaMethod,
        List<ParameterDefinition> parameters,
        JavaType returnType,
        MethodHandle invoker,
        List<Integer> errors,
        Bounds bounds) {

    /** GET and DELETE requests usually carry no body, so their arguments may come from the query string. */
    boolean readsQueryString() {
        return httpMethod == io.helidon.http.Method.GET || httpMethod == io.helidon.http.Method.DELETE;
    }

    boolean returnsNothing() {
        Class<?> raw = returnType.getRawClass();
        return raw == void.class || raw == Void.class;
    }
}
