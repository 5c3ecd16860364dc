package io.daeploy.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds the {@link Entrypoint} methods of a service object and checks them once, at start, so that
 * a mistake in the service class stops the service with a clear message instead of failing calls.
 */
final class EntrypointScanner {

    static final Set<String> RESERVED_NAMES = Set.of("openapi", "docs", "observe");
    static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private EntrypointScanner() {
    }

    /** The service's entrypoints sorted by name; throws when the class breaks a rule. */
    static List<EntrypointDefinition> scan(Object service, ObjectMapper mapper) {
        Class<?> type = service.getClass();
        rejectNonPublicEntrypoints(type);
        List<EntrypointDefinition> entrypoints = new ArrayList<>();
        Map<String, Method> byName = new HashMap<>();
        for (Method method : type.getMethods()) {
            Entrypoint annotation = method.getAnnotation(Entrypoint.class);
            if (annotation == null || method.isBridge() || method.isSynthetic()) {
                continue;
            }
            String name = method.getName();
            Method other = byName.putIfAbsent(name, method);
            if (other != null) {
                throw new IllegalArgumentException("Two entrypoints are named '" + name + "' on " + type.getName()
                        + ": " + signature(other) + " and " + signature(method)
                        + "; entrypoint names must be unique, rename one of the methods");
            }
            entrypoints.add(define(service, method, annotation, mapper));
        }
        if (entrypoints.isEmpty()) {
            throw new IllegalArgumentException("no @Entrypoint methods on " + type.getName()
                    + ": annotate at least one public method with @io.daeploy.sdk.Entrypoint");
        }
        entrypoints.sort(Comparator.comparing(EntrypointDefinition::name));
        return List.copyOf(entrypoints);
    }

    private static EntrypointDefinition define(Object service, Method method, Entrypoint annotation, ObjectMapper mapper) {
        String where = "Entrypoint " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
        String name = method.getName();
        if (RESERVED_NAMES.contains(name) || name.startsWith("~")) {
            throw new IllegalArgumentException(where + ": the name '" + name + "' is reserved (openapi, docs, observe"
                    + " and names starting with '~' are Daeploy's own routes); rename the method");
        }
        io.helidon.http.Method httpMethod = httpMethod(where, annotation.method());
        int status = annotation.status();
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException(where + ": status " + status
                    + " is not a success status; use a 2xx code (e.g. 200, 201, 202)");
        }
        List<ParameterDefinition> parameters = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            if (!parameter.isNamePresent()) {
                throw new IllegalStateException(where + ": parameter names are missing; compile with -parameters"
                        + " (maven-compiler-plugin <parameters>true</parameters>)");
            }
            parameters.add(parameter(parameter, mapper));
        }
        JavaType returnType = mapper.getTypeFactory().constructType(method.getGenericReturnType());
        return new EntrypointDefinition(name, httpMethod, status, method, List.copyOf(parameters), returnType,
                invoker(where, service, method));
    }

    private static io.helidon.http.Method httpMethod(String where, String value) {
        String upper = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!HTTP_METHODS.contains(upper)) {
            throw new IllegalArgumentException(where + ": method '" + value + "' is not supported; use one of "
                    + String.join(", ", HTTP_METHODS));
        }
        return io.helidon.http.Method.create(upper);
    }

    private static ParameterDefinition parameter(Parameter parameter, ObjectMapper mapper) {
        JavaType declared = mapper.getTypeFactory().constructType(parameter.getParameterizedType());
        boolean optional = declared.getRawClass() == Optional.class;
        JavaType valueType = optional ? declared.containedTypeOrUnknown(0) : declared;
        // A fraction silently truncated into an int would hide a caller's mistake.
        var reader = mapper.readerFor(valueType).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return new ParameterDefinition(parameter.getName(), valueType, optional, valueType.isPrimitive(), reader);
    }

    /** A handle of shape {@code (Object[]) -> Object} so a call is one invokeExact, with no reflection. */
    private static MethodHandle invoker(String where, Object service, Method method) {
        try {
            method.setAccessible(true); // the service class itself need not be public
            MethodHandle handle = MethodHandles.lookup().unreflect(method);
            if (!Modifier.isStatic(method.getModifiers())) {
                handle = handle.bindTo(service);
            }
            return handle.asSpreader(Object[].class, method.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException(where + ": cannot be called by the SDK (" + e.getMessage()
                    + "); if the service is in a named module, open its package to io.daeploy.sdk", e);
        }
    }

    /** Annotated methods that are not public are a mistake worth a clear message, not a silent skip. */
    private static void rejectNonPublicEntrypoints(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Entrypoint.class) && !Modifier.isPublic(method.getModifiers())) {
                    throw new IllegalArgumentException("Entrypoint " + c.getSimpleName() + "." + method.getName()
                            + " must be public");
                }
            }
        }
    }

    private static String signature(Method method) {
        StringBuilder text = new StringBuilder(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }
}
