package io.daeploy.sdk;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import io.daeploy.common.NotificationRequest;
import io.daeploy.common.Severity;

/**
 * What a service does with the rest of Daeploy: call entrypoints of other services by name through the
 * manager's gateway, raise notifications on the manager's dashboard (and by e-mail), and store values in its
 * monitoring store.
 *
 * <pre>{@code
 * int roll = Daeploy.callService("die_roller", "roll", Map.of(), Integer.class);
 * Daeploy.notify("YATZEE!!!", Severity.INFO);
 * Daeploy.store("temperature", 21.5);
 * }</pre>
 *
 * Calls and notifications need the manager's URL, which the manager gives every service it runs as
 * {@code DAEPLOY_MANAGER_URL}.
 */
public final class Daeploy {

    /** One logger for calls and notifications, so a service can turn their detail on in one place. */
    static final Logger LOGGER = Logger.getLogger(Daeploy.class.getName());

    // Read on every call, so a test harness can point the SDK at a stand-in manager at any time.
    private static volatile ManagerConnection connection;

    private Daeploy() {
    }

    /**
     * Calls {@code entrypoint} of the main version of {@code service} with {@code POST} and converts the answer.
     *
     * @param arguments a {@code Map} or an object (record, POJO) whose fields are the parameters; null for none
     * @throws ServiceCallException  when no usable answer came; its message says why
     * @throws IllegalStateException without a manager ({@code DAEPLOY_MANAGER_URL} not set)
     */
    public static <T> T callService(String service, String entrypoint, Object arguments, Class<T> resultType) {
        return call(service, entrypoint).arguments(arguments).as(resultType);
    }

    /** As {@link #callService(String, String, Object, Class)} for a generic result: {@code new TypeRef<List<Integer>>() {}}. */
    public static <T> T callService(String service, String entrypoint, Object arguments, TypeRef<T> resultType) {
        return call(service, entrypoint).arguments(arguments).as(resultType);
    }

    /** As {@link #callService(String, String, Object, Class)} for any {@link Type}. */
    public static <T> T callService(String service, String entrypoint, Object arguments, Type resultType) {
        return call(service, entrypoint).arguments(arguments).as(resultType);
    }

    /**
     * A call to configure before sending it: {@code version}, {@code method}, {@code arguments}, {@code timeout},
     * then {@code as(...)} or {@code asJson()}.
     */
    public static ServiceCall call(String service, String entrypoint) {
        return new ServiceCall(service, entrypoint);
    }

    /** Raises a notification on the manager's dashboard; see {@link #notify(String, Severity, List, Duration)}. */
    public static boolean notify(String message, Severity severity) {
        return notify(message, severity, List.of(), Duration.ZERO);
    }

    /**
     * Raises a notification on the manager's dashboard, and e-mails it to {@code emails} at most once per
     * {@code timer} while it repeats. A failure to deliver it is logged as a WARNING and never thrown.
     *
     * @param emails recipients, or empty (or null) for the dashboard only
     * @param timer  least time between two e-mails of the same notification; zero (or null) for every time
     * @return true when the manager took the notification, false when it refused, could not be reached, or there
     *         is no manager ({@code DAEPLOY_MANAGER_URL} not set; the notification is then logged as a WARNING)
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static boolean notify(String message, Severity severity, List<String> emails, Duration timer) {
        Notifier.validate(message, severity, emails, timer);
        ManagerConnection current = connection();
        if (current.managerUrl().isEmpty()) {
            // A service run by hand still does its work; the log keeps what the dashboard would have shown.
            LOGGER.warning("Notification not raised (" + severity + " \"" + message + "\"): no Daeploy manager, "
                    + ManagerConnection.MANAGER_URL + " is not set");
            return false;
        }
        URI managerUrl = current.managerUrl().get();
        NotificationRequest notification = new NotificationRequest(current.serviceName(), current.serviceVersion(),
                message, severity, emails == null ? List.of() : emails, timer == null ? 0 : timer.toSeconds());
        return Notifier.send(current, managerUrl, notification);
    }

    /**
     * Stores a value of a monitored variable, with the current time (UTC), in the monitoring store of the service:
     * a number, a text, or any object Jackson writes as JSON (a record, a list, a map ...). Read the values back
     * with {@code GET /~monitor}. Writing happens in the background, so this never waits for the database.
     *
     * @return true when the value was taken; false when it was dropped (the store's queue is full, the value cannot
     *         be written as JSON, or no service runs in this JVM), with a WARNING in the log
     * @throws IllegalArgumentException for a blank variable name or a null value
     */
    public static boolean store(String variable, Object value) {
        MonitorStore store = MonitorStore.current();
        if (store == null) {
            MonitorStore.checkVariable(variable);
            return MonitorStore.warnNoService();
        }
        return store.store(variable, value);
    }

    /** Stores several variables at once, all with the same timestamp; see {@link #store(String, Object)}. */
    public static boolean store(Map<String, ?> values) {
        MonitorStore store = MonitorStore.current();
        if (store == null) {
            values.keySet().forEach(MonitorStore::checkVariable);
            return MonitorStore.warnNoService();
        }
        return store.store(values);
    }

    /** The connection calls and notifications use: the one set last, else this process's environment. */
    public static ManagerConnection connection() {
        ManagerConnection current = connection;
        if (current == null) {
            current = ManagerConnection.fromEnvironment(); // two threads may both read it: same value either way
            connection = current;
        }
        return current;
    }

    /**
     * Points every later call and notification of this JVM at {@code replacement}; null goes back to the
     * environment. For test harnesses (a stand-in manager) and embedding. Answers the connection it replaces (null: none was set yet), so a test can restore it.
     */
    public static ManagerConnection useConnection(ManagerConnection replacement) {
        ManagerConnection previous = connection;
        connection = replacement;
        return previous;
    }

    static IllegalStateException noManager(String what) {
        return new IllegalStateException(what + " needs a Daeploy manager: " + ManagerConnection.MANAGER_URL
                + " is not set. The manager sets it for the services it runs; to run by hand, set it to the"
                + " manager's URL, e.g. http://127.0.0.1:8080");
    }
}
