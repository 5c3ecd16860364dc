package io.daeploy.sdk;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.daeploy.common.Json;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.Severity;
import io.helidon.http.Method;

/**
 * Raises a notification at the manager. Wrong arguments are the caller's bug and throw; a manager that
 * refuses or cannot be reached only costs a WARNING in the log, because a notification must never break
 * the work the service was doing when it raised one.
 */
final class Notifier {

    // The manager checks addresses with the same pattern; checking here reports the mistake where it was made.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private Notifier() {
    }

    /** Throws {@link IllegalArgumentException} naming the first argument that is wrong. */
    static void validate(String message, Severity severity, List<String> emails, Duration timer) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
        if (severity == null) {
            throw new IllegalArgumentException("severity must not be null: use Severity.INFO, WARNING or CRITICAL");
        }
        if (emails != null) {
            for (String email : emails) {
                if (email == null || !EMAIL.matcher(email).matches()) {
                    throw new IllegalArgumentException("emails: '" + email + "' is not an e-mail address");
                }
            }
        }
        if (timer != null && timer.isNegative()) {
            throw new IllegalArgumentException("timer must not be negative, got " + timer);
        }
    }

    /** POST {manager}/notifications/; true when the manager took it. */
    static boolean send(ManagerConnection connection, URI managerUrl, NotificationRequest notification) {
        ObjectMapper mapper = Json.mapper();
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(notification);
        } catch (IOException e) {
            throw new IllegalStateException("A notification cannot be written as JSON: " + e.getMessage(), e);
        }
        URI uri = URI.create(managerUrl + "/notifications/");
        Daeploy.LOGGER.fine(() -> "Raising " + notification.severity() + " notification: " + notification.message());
        ManagerTransport.Answer answer;
        try {
            answer = ManagerTransport.shared().exchange(Method.POST, uri, connection.token(), body, connection.callTimeout());
        } catch (ManagerTransport.NoAnswer e) {
            Daeploy.LOGGER.log(Level.WARNING, notRaised(notification) + "cannot reach the Daeploy manager at "
                    + managerUrl + " (" + e.getMessage() + ")");
            return false;
        }
        if (answer.status() >= 300) {
            Daeploy.LOGGER.log(Level.WARNING, notRaised(notification) + "the manager answered " + answer.status()
                    + ": " + detail(answer.body(), mapper));
            return false;
        }
        return true;
    }

    private static String notRaised(NotificationRequest notification) {
        return "Notification not raised (" + notification.severity() + " \"" + notification.message() + "\"): ";
    }

    private static String detail(byte[] body, ObjectMapper mapper) {
        try {
            JsonNode detail = mapper.readTree(body).get("detail");
            if (detail != null) {
                return detail.isTextual() ? detail.asText() : detail.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: shown as text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(no detail)" : text;
    }
}
