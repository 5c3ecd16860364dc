package io.daeploy.sdk;

import java.io.IOException;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Finds the {@link Entrypoint} methods of a service object and checks them once, at start, so that
 * a mistake in the service class stops the service with a clear message instead of failing calls.
 */
final class EntrypointScanner {

    private static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger(EntrypointScanner.class.getName());

    static final Set<String> RESERVED_NAMES = Set.of("openapi", "docs", "observe");
    static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private EntrypointScanner() {
    }

    /** The service's entrypoints sorted by name; throws when the class breaks a rule or has none. */
    static List<EntrypointDefinition> scan(Object service, ObjectMapper mapper) {
        return scan(service, mapper, false);
    }

    /** As {@link #scan(Object, ObjectMapper)}; {@code noneAllowed} for a service that only runs periodic jobs. */
    static List<EntrypointDefinition> scan(Object service, ObjectMapper mapper, boolean noneAllowed) {
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
        if (entrypoints.isEmpty() && !noneAllowed) {
            throw new IllegalArgumentException("no @Entrypoint methods on " + type.getName()
                    + ": annotate at least one public method with @io.daeploy.sdk.Entrypoint"
                    + " (or with @io.daeploy.sdk.Every, for a service that only runs periodic jobs)");
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
            parameters.add(parameter(where, parameter, mapper));
        }
        JavaType returnType = mapper.getTypeFactory().constructType(method.getGenericReturnType());
        Bounds bounds = Bounds.NONE;
        if (DeclaredConstraints.on(method)) {
            bounds = BeanValidationBounds.of(service, method, parameters);
            UncheckedBounds.in(method).forEach(place -> LOGGER.warning("Entrypoint " + place));
        }
        return new EntrypointDefinition(name, httpMethod, status, annotation.monitor(), annotation.accessLog(), method, List.copyOf(parameters),
                returnType, invoker(where, service, method), errorStatuses(where, annotation.errors()), bounds);
    }

    private static List<Integer> errorStatuses(String where, int[] declared) {
        for (int status : declared) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException(where + ": errors lists " + status
                        + ", which is not an error status; list 4xx and 5xx codes (e.g. errors = {404, 409})");
            }
        }
        return java.util.Arrays.stream(declared).sorted().distinct().boxed().toList();
    }

    private static io.helidon.http.Method httpMethod(String where, String value) {
        String upper = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!HTTP_METHODS.contains(upper)) {
            throw new IllegalArgumentException(where + ": method '" + value + "' is not supported; use one of "
                    + String.join(", ", HTTP_METHODS));
        }
        return io.helidon.http.Method.create(upper);
    }

    static ParameterDefinition parameter(String where, Parameter parameter, ObjectMapper mapper) {
        JavaType declared = mapper.getTypeFactory().constructType(parameter.getParameterizedType());
        boolean optional = declared.getRawClass() == Optional.class;
        JavaType valueType = optional ? declared.containedTypeOrUnknown(0) : declared;
        ObjectReader reader = reader(valueType, mapper);
        Default annotation = parameter.getAnnotation(Default.class);
        JsonNode defaultValue = annotation == null ? null
                : defaultValue(where + ", parameter " + parameter.getName(), annotation.value(), valueType, reader, mapper);
        return new ParameterDefinition(parameter.getName(), valueType, optional, reader, defaultValue);
    }

    static ObjectReader reader(JavaType valueType, ObjectMapper mapper) {
        // A fraction silently truncated into an int would hide a caller's mistake.
        return mapper.readerFor(valueType).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** The {@link Default} as JSON, checked now so that a default that does not fit stops the start, not a call. */
    private static JsonNode defaultValue(String where, String text, JavaType valueType, ObjectReader reader,
                                         ObjectMapper mapper) {
        JsonNode node;
        if (JsonKind.of(valueType) == JsonKind.STRING) {
            node = TextNode.valueOf(text);
        } else {
            try {
                node = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": @Default(\"" + text + "\") is not JSON ("
                        + e.getOriginalMessage() + "); write e.g. @Default(\"3\") or @Default(\"[1, 2]\")");
            }
        }
        try {
            reader.readValue(node);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": @Default(\"" + text + "\") is not a valid "
                    + valueType.getRawClass().getSimpleName() + " (" + firstLine(e.getMessage()) + ")");
        }
        return node;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** A handle of shape {@code (Object[]) -> Object} so a call is one invokeExact, with no reflection. */
    static MethodHandle invoker(String where, Object service, Method method) {
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
