package io.daeploy.sdk;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import io.daeploy.common.NotificationRequest;
import io.daeploy.common.Severity;

/**
 * What a service does with the rest of Daeploy: call entrypoints of other services by name through the
 * manager's gateway, and raise notifications on the manager's dashboard (and by e-mail).
 *
 * <pre>{@code
 * int roll = Daeploy.callService("die_roller", "roll", Map.of(), Integer.class);
 * Daeploy.notify("YATZEE!!!", Severity.INFO);
 * }</pre>
 *
 * Both need the manager's URL, which the manager gives every service it runs as {@code DAEPLOY_MANAGER_URL}.
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
     * @return true when the manager took the notification, false when it refused or could not be reached
     * @throws IllegalArgumentException naming the argument that is wrong
     * @throws IllegalStateException    without a manager ({@code DAEPLOY_MANAGER_URL} not set)
     */
    public static boolean notify(String message, Severity severity, List<String> emails, Duration timer) {
        Notifier.validate(message, severity, emails, timer);
        ManagerConnection current = connection();
        URI managerUrl = current.managerUrl().orElseThrow(() -> noManager("notify"));
        NotificationRequest notification = new NotificationRequest(current.serviceName(), current.serviceVersion(),
                message, severity, emails == null ? List.of() : emails, timer == null ? 0 : timer.toSeconds());
        return Notifier.send(current, managerUrl, notification);
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
