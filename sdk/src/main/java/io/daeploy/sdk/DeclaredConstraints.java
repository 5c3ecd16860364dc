package io.daeploy.sdk;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;

/**
 * Whether an entrypoint declares any Bean Validation constraint ({@code @Min}, {@code @Size}, {@code @Valid} ...) on
 * its parameters or in the types they reach. Found by reflection on the annotations alone, so that a service that
 * declares none never loads Hibernate Validator (it costs start time and memory, see bench/README.md).
 */
final class DeclaredConstraints {

    private DeclaredConstraints() {
    }

    static boolean on(Method method) {
        Set<Class<?>> seen = new HashSet<>();
        for (Parameter parameter : method.getParameters()) {
            if (constrains(parameter.getAnnotations()) || constrains(parameter.getAnnotatedType(), seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean constrains(AnnotatedType type, Set<Class<?>> seen) {
        if (constrains(type.getAnnotations())) {
            return true;
        }
        if (type instanceof AnnotatedParameterizedType parameterized) {
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                if (constrains(argument, seen)) {
                    return true;
                }
            }
        } else if (type instanceof AnnotatedArrayType array) {
            return constrains(array.getAnnotatedGenericComponentType(), seen);
        } else if (type instanceof AnnotatedWildcardType wildcard) {
            for (AnnotatedType bound : wildcard.getAnnotatedUpperBounds()) {
                if (constrains(bound, seen)) {
                    return true;
                }
            }
        }
        return type.getType() instanceof Class<?> raw && constrains(raw, seen)
                || type instanceof AnnotatedParameterizedType p && p.getType() instanceof java.lang.reflect.ParameterizedType pt
                        && pt.getRawType() instanceof Class<?> rawOfGeneric && constrains(rawOfGeneric, seen);
    }

    /** A record or class of the service: its own annotations and those of its fields, which Bean Validation checks. */
    private static boolean constrains(Class<?> type, Set<Class<?>> seen) {
        if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.") || !seen.add(type)) {
            return false;
        }
        if (constrains(type.getAnnotations())) {
            return true;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        && (constrains(field.getAnnotations()) || constrains(field.getAnnotatedType(), seen))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean constrains(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (type == Valid.class || type.isAnnotationPresent(Constraint.class) || isConstraintList(type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code @Pattern.List({...})}: a repeated constraint arrives wrapped in its container annotation. */
    private static boolean isConstraintList(Class<? extends Annotation> type) {
        return type.getEnclosingClass() != null && type.getEnclosingClass().isAnnotationPresent(Constraint.class);
    }
}
