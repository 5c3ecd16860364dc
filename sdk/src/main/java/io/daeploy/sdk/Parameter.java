package io.daeploy.sdk;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A named value of the service that can be changed while it runs, such as a greeting phrase or a threshold.
 * Declare it as a field of the service class; the SDK finds it when the service starts:
 *
 * <pre>{@code
 * private final Parameter<String> greeting = Parameter.of("greeting", "Hello");
 *
 * @Entrypoint
 * public String hello(String name) { return greeting.get() + " " + name; }
 * }</pre>
 *
 * <p>Over HTTP: {@code GET /~parameters} lists every parameter, {@code GET /~parameters/greeting} reads one, and
 * {@code POST /~parameters/greeting} with {@code {"value": "Hi"}} changes it, unless it is {@link #notExposed()}
 * (then 405). A value of the wrong type is refused with 422. Every change is logged; a {@link #monitored()}
 * parameter also stores each value, the first one included, in the monitoring store under its name.
 *
 * @param <T> the value's type; a value read over HTTP is converted to it as an entrypoint argument is
 */
public final class Parameter<T> {

    private static final Logger LOGGER = Logger.getLogger(Parameter.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final int MAX_LOGGED_VALUE = 200;

    private final String name;
    private final Type type;
    private final boolean exposed;
    private final boolean monitored;
    private volatile T value;
    private volatile MonitorStore store; // the store of the service serving this parameter, once it started

    private Parameter(String name, Type type, T initial, boolean exposed, boolean monitored) {
        this.name = name;
        this.type = type;
        this.value = initial;
        this.exposed = exposed;
        this.monitored = monitored;
    }

    /**
     * A parameter whose type is its initial value's class: {@code Parameter.of("limit", 10)} is a
     * {@code Parameter<Integer>}. A list, set or map initial value makes a parameter of that kind with elements of
     * any JSON type; name the element type with {@link #of(String, TypeRef, Object)} instead.
     */
    @SuppressWarnings("unchecked")
    public static <T> Parameter<T> of(String name, T initial) {
        if (initial == null) {
            throw new IllegalArgumentException("Parameter " + name + ": the initial value must not be null;"
                    + " name the type with Parameter.of(name, type, initial) if it has to start empty");
        }
        return new Parameter<>(checkedName(name), naturalType(initial), initial, true, false);
    }

    /** A parameter of an explicit type: {@code Parameter.of("ratio", Double.class, 0.5)}. */
    public static <T> Parameter<T> of(String name, Class<T> type, T initial) {
        Objects.requireNonNull(type, "type");
        return new Parameter<>(checkedName(name), type, checkedInitial(name, initial), true, false);
    }

    /** A parameter of a generic type: {@code Parameter.of("weights", new TypeRef<List<Double>>() {}, List.of(1.0))}. */
    public static <T> Parameter<T> of(String name, TypeRef<T> type, T initial) {
        Objects.requireNonNull(type, "type");
        return new Parameter<>(checkedName(name), type.type(), checkedInitial(name, initial), true, false);
    }

    /**
     * A parameter like this one, readable over HTTP but changed only by the service's own code (POST answers 405);
     * declare the field with it: {@code Parameter.of("limit", 10).notExposed()}.
     */
    public Parameter<T> notExposed() {
        return new Parameter<>(name, type, value, false, monitored);
    }

    /** A parameter like this one that stores every value it takes in the monitoring store, under its name. */
    public Parameter<T> monitored() {
        return new Parameter<>(name, type, value, exposed, true);
    }

    /** The current value. */
    public T get() {
        return value;
    }

    /**
     * Changes the value, logs the change and, for a monitored parameter, stores the new value.
     *
     * @throws IllegalArgumentException for null
     */
    public void set(T newValue) {
        if (newValue == null) {
            throw new IllegalArgumentException("Parameter " + name + " cannot be set to null");
        }
        value = newValue;
        LOGGER.info(() -> "Parameter " + name + " changed to " + shown(newValue));
        storeValue(newValue);
    }

    public String name() {
        return name;
    }

    /** The value's type, as declared or taken from the initial value. */
    public Type type() {
        return type;
    }

    /** Whether {@code POST /~parameters/<name>} may change it. */
    public boolean exposed() {
        return exposed;
    }

    /** Whether every value is stored in the monitoring store. */
    public boolean isMonitored() {
        return monitored;
    }

    /** Called when a service serving this parameter starts: a monitored parameter stores its current value. */
    void attach(MonitorStore serviceStore) {
        store = serviceStore;
        storeValue(value);
    }

    private void storeValue(T newValue) {
        MonitorStore target = store;
        if (monitored && target != null) {
            target.store(name, newValue);
        }
    }

    @Override
    public String toString() {
        return "Parameter " + name + " = " + shown(value);
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_LOGGED_VALUE ? text : text.substring(0, MAX_LOGGED_VALUE) + "...";
    }

    private static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Parameter name '" + name + "' must be 1 to 100 letters, digits, '_', '.'"
                    + " or '-' (it is part of the URL /~parameters/<name>)");
        }
        return name;
    }

    private static <T> T checkedInitial(String name, T initial) {
        if (initial == null) {
            throw new IllegalArgumentException("Parameter " + name + ": the initial value must not be null");
        }
        return initial;
    }

    /** The class to convert HTTP values to: the interface for collections, the enum for an enum constant with a body. */
    private static Type naturalType(Object initial) {
        if (initial instanceof List<?>) {
            return List.class;
        }
        if (initial instanceof Set<?>) {
            return Set.class;
        }
        if (initial instanceof Collection<?>) {
            return Collection.class;
        }
        if (initial instanceof Map<?, ?>) {
            return Map.class;
        }
        if (initial instanceof Enum<?> constant) {
            return constant.getDeclaringClass();
        }
        return initial.getClass();
    }
}
