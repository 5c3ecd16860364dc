package io.daeploy.sdk;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;

/**
 * Records and classes that declare bounds but are reached from an entrypoint without {@code @Valid}: Bean Validation
 * does not look inside them, so their bounds would be shown in the OpenAPI schema and never checked. Found at start,
 * so the author reads a warning instead of trusting a bound that does not hold.
 */
final class UncheckedBounds {

    private UncheckedBounds() {
    }

    /** One line per such place, e.g. {@code measure(polygons[].corners[]): Point declares bounds ... add @Valid}. */
    static List<String> in(Method method) {
        List<String> found = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            visit(parameter.getAnnotatedType(), has(parameter.getAnnotations(), Valid.class), parameter.getName(),
                    method.getName(), found, new HashSet<>());
        }
        return found;
    }

    private static void visit(AnnotatedType type, boolean cascaded, String path, String entrypoint, List<String> found,
                              Set<Class<?>> seen) {
        cascaded |= has(type.getAnnotations(), Valid.class);
        if (type instanceof AnnotatedParameterizedType parameterized) {
            // @Valid on a container also reaches its elements, as in Hibernate Validator
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                visit(argument, cascaded, path + "[]", entrypoint, found, seen);
            }
            return;
        }
        if (type instanceof AnnotatedArrayType array) {
            visit(array.getAnnotatedGenericComponentType(), cascaded, path + "[]", entrypoint, found, seen);
            return;
        }
        if (!(type.getType() instanceof Class<?> raw) || raw.isPrimitive() || raw.getName().startsWith("java.")
                || !seen.add(raw)) {
            return;
        }
        if (!cascaded && declaresBounds(raw)) {
            found.add(entrypoint + "(" + path + "): " + raw.getSimpleName() + " declares bounds, which are not checked"
                    + " here; add @Valid where it is used (e.g. List<@Valid " + raw.getSimpleName() + ">)");
            return;
        }
        for (Field field : fields(raw)) {
            visit(field.getAnnotatedType(), has(field.getAnnotations(), Valid.class), path + "." + field.getName(),
                    entrypoint, found, seen);
        }
    }

    private static boolean declaresBounds(Class<?> type) {
        if (constraint(type.getAnnotations())) {
            return true;
        }
        for (Field field : fields(type)) {
            if (constraint(field.getAnnotations()) || constraintOnTypeArguments(field.getAnnotatedType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean constraintOnTypeArguments(AnnotatedType type) {
        if (type instanceof AnnotatedParameterizedType parameterized
                && parameterized.getType() instanceof ParameterizedType) {
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                if (constraint(argument.getAnnotations()) || constraintOnTypeArguments(argument)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static boolean constraint(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().isAnnotationPresent(Constraint.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Annotation[] annotations, Class<? extends Annotation> wanted) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType() == wanted) {
                return true;
            }
        }
        return false;
    }
}
