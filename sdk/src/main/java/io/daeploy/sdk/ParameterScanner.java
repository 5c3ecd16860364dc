package io.daeploy.sdk;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the {@link Parameter} fields of a service object, static or not, of any visibility, in the class and its superclasses. */
final class ParameterScanner {

    private ParameterScanner() {
    }

    /** The parameters, sorted by name; throws when a field is null or two share a name. */
    static List<Parameter<?>> scan(Object service) {
        Map<String, Parameter<?>> byName = new LinkedHashMap<>();
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Class<?> c = service.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Parameter.class.isAssignableFrom(field.getType()) || field.isSynthetic()) {
                    continue;
                }
                Parameter<?> parameter = read(service, field);
                Field other = fields.putIfAbsent(parameter.name(), field);
                if (other != null && byName.get(parameter.name()) != parameter) {
                    throw new IllegalArgumentException("Two parameters are named '" + parameter.name() + "' on "
                            + service.getClass().getName() + ": fields " + other.getName() + " and " + field.getName()
                            + "; parameter names must be unique");
                }
                byName.put(parameter.name(), parameter);
            }
        }
        List<Parameter<?>> parameters = new ArrayList<>(byName.values());
        parameters.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(parameters);
    }

    private static Parameter<?> read(Object service, Field field) {
        String where = "Parameter field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
        Object value;
        try {
            field.setAccessible(true);
            value = field.get(Modifier.isStatic(field.getModifiers()) ? null : service);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException(where + ": cannot be read by the SDK (" + e.getMessage()
                    + "); if the service is in a named module, open its package to io.daeploy.sdk", e);
        }
        if (value == null) {
            throw new IllegalArgumentException(where + " is null; initialise it, e.g. = Parameter.of(\"greeting\", \"Hello\")");
        }
        return (Parameter<?>) value;
    }
}
