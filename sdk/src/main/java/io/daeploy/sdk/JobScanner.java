package io.daeploy.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Finds the {@link Every} methods of a service object and checks them at start. */
final class JobScanner {

    private JobScanner() {
    }

    static List<PeriodicJob> scan(Object service) {
        Class<?> type = service.getClass();
        rejectNonPublic(type);
        List<Method> methods = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(Every.class) && !method.isBridge() && !method.isSynthetic()) {
                methods.add(method);
            }
        }
        methods.sort(Comparator.comparing(Method::getName));
        List<PeriodicJob> jobs = new ArrayList<>();
        for (Method method : methods) {
            jobs.add(define(service, method));
        }
        return List.copyOf(jobs);
    }

    private static PeriodicJob define(Object service, Method method) {
        String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        String where = "Periodic job " + name;
        if (method.getParameterCount() != 0) {
            throw new IllegalArgumentException(where + " must take no parameters; it is called with none");
        }
        Every every = method.getAnnotation(Every.class);
        Duration interval;
        try {
            interval = Intervals.parse(every.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": @Every(\"" + every.value() + "\"): " + e.getMessage());
        }
        return new PeriodicJob(name, interval, every.waitFirst(), invoker(where, service, method));
    }

    /** A handle of shape {@code () -> Object}. */
    private static MethodHandle invoker(String where, Object service, Method method) {
        try {
            method.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflect(method);
            if (!Modifier.isStatic(method.getModifiers())) {
                handle = handle.bindTo(service);
            }
            return handle.asType(MethodType.methodType(Object.class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException(where + ": cannot be called by the SDK (" + e.getMessage()
                    + "); if the service is in a named module, open its package to io.daeploy.sdk", e);
        }
    }

    private static void rejectNonPublic(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Every.class) && !Modifier.isPublic(method.getModifiers())) {
                    throw new IllegalArgumentException("Periodic job " + c.getSimpleName() + "." + method.getName()
                            + " must be public");
                }
            }
        }
    }
}
