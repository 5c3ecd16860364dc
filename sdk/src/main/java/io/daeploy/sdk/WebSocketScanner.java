package io.daeploy.sdk;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.helidon.websocket.WsListener;

/** Finds the {@link WebSocketEntrypoint} methods of a service object and checks them once, at start. */
final class WebSocketScanner {

    /** A WebSocket route: its path and a new listener per connection. */
    record WebSocketDefinition(String path, Supplier<WsListener> listeners) {
    }

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private WebSocketScanner() {
    }

    static List<WebSocketDefinition> scan(Object service) {
        Class<?> type = service.getClass();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(WebSocketEntrypoint.class) && !Modifier.isPublic(method.getModifiers())) {
                    throw new IllegalArgumentException(where(method) + " must be public");
                }
            }
        }
        List<WebSocketDefinition> found = new ArrayList<>();
        Map<String, Method> byPath = new HashMap<>();
        for (Method method : type.getMethods()) {
            WebSocketEntrypoint annotation = method.getAnnotation(WebSocketEntrypoint.class);
            if (annotation == null || method.isBridge() || method.isSynthetic()) {
                continue;
            }
            String path = annotation.value();
            if (!PATH.matcher(path).matches()) {
                throw new IllegalArgumentException(where(method) + ": the path '" + path + "' must start with '/' and"
                        + " hold only letters, digits and . _ ~ - between slashes, e.g. @WebSocketEntrypoint(\"/chat\")");
            }
            String first = path.substring(1).split("/")[0];
            if (EntrypointScanner.RESERVED_NAMES.contains(first) || first.startsWith("~")) {
                throw new IllegalArgumentException(where(method) + ": the path '" + path + "' is reserved (openapi, docs,"
                        + " observe and names starting with '~' are Daeploy's own routes); choose another");
            }
            if (method.getParameterCount() != 0 || !WsListener.class.isAssignableFrom(method.getReturnType())) {
                throw new IllegalArgumentException(where(method) + " must take no parameters and return an"
                        + " io.helidon.websocket.WsListener (a new one for each connection)");
            }
            Method other = byPath.putIfAbsent(path, method);
            if (other != null) {
                throw new IllegalArgumentException("Two WebSocket entrypoints are served at '" + path + "' on "
                        + type.getName() + ": " + other.getName() + " and " + method.getName());
            }
            found.add(new WebSocketDefinition(path, () -> listener(service, method)));
        }
        found.sort(Comparator.comparing(WebSocketDefinition::path));
        return List.copyOf(found);
    }

    private static WsListener listener(Object service, Method method) {
        try {
            WsListener listener = (WsListener) method.invoke(service);
            if (listener == null) {
                throw new IllegalStateException(where(method) + " returned null instead of a WsListener");
            }
            return listener;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(where(method) + " cannot be called: " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }

    private static String where(Method method) {
        return "WebSocket entrypoint " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
