package io.daeploy.manager.api;

import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.errors.DomainException;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.ServiceNames;
import io.daeploy.common.Severity;
import io.daeploy.manager.notify.NotificationService;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /notifications/}: raise (validated field by field), list newest first, clear. */
public final class NotificationsApi implements HttpService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_MESSAGE = 4000;

    private final NotificationService notifications;

    public NotificationsApi(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::raise)
                .delete("/", this::clear);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, notifications.all());
    }

    private void clear(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, Map.of("removed", notifications.clear()));
    }

    private void raise(ServerRequest req, ServerResponse res) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(req.content().inputStream());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DomainException.malformed("Request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DomainException.malformed("Request body cannot be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw DomainException.malformed("Request body must be a JSON object: {serviceName, serviceVersion, message,"
                    + " severity, emails, timerSeconds}");
        }
        JsonResponses.send(res, Status.CREATED_201, notifications.raise(validated(body)));
    }

    /** Every problem at once, each naming its field, as the SDK does for entrypoints. */
    static NotificationRequest validated(JsonNode body) {
        List<Map<String, Object>> problems = new ArrayList<>();
        String name = text(body, "serviceName", problems);
        // The same rules as a deploy: a name or version no service can have is refused, not stored.
        if (name != null) {
            ServiceNames.nameProblem(name).ifPresent(p -> problems.add(problem("serviceName", p, "value_error")));
        }
        String version = text(body, "serviceVersion", problems);
        if (version != null) {
            ServiceNames.versionProblem(version).ifPresent(p -> problems.add(problem("serviceVersion", p, "value_error")));
        }
        String message = text(body, "message", problems);
        if (message != null && message.length() > MAX_MESSAGE) {
            problems.add(problem("message", "longer than " + MAX_MESSAGE + " characters", "value_error"));
        }
        Severity severity = null;
        JsonNode sev = body.get("severity");
        if (sev == null || sev.isNull()) {
            problems.add(problem("severity", "field required", "missing"));
        } else {
            try {
                severity = Severity.valueOf(sev.asText().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(problem("severity", "must be one of " + Arrays.toString(Severity.values()) + ", got "
                        + sev, "enum"));
            }
        }
        List<String> emails = new ArrayList<>();
        JsonNode list = body.get("emails");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(problem("emails", "must be a list of e-mail addresses", "type_error"));
            } else {
                for (JsonNode e : list) {
                    if (!e.isTextual() || !EMAIL.matcher(e.asText()).matches()) {
                        problems.add(problem("emails", "not an e-mail address: " + e, "value_error"));
                    } else {
                        emails.add(e.asText());
                    }
                }
            }
        }
        long timer = 0;
        JsonNode t = body.get("timerSeconds");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 0) {
                problems.add(problem("timerSeconds", "must be a whole number of seconds ≥ 0, got " + t, "value_error"));
            } else {
                timer = t.asLong();
            }
        }
        if (!problems.isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, problems);
        }
        return new NotificationRequest(name, version, message, severity, emails, timer);
    }

    private static String text(JsonNode body, String field, List<Map<String, Object>> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            problems.add(problem(field, "field required", "missing"));
            return null;
        }
        if (!node.isTextual()) {
            problems.add(problem(field, "must be a string, got " + node, "type_error"));
            return null;
        }
        return node.asText();
    }

    private static Map<String, Object> problem(String field, String msg, String type) {
        return Map.of("loc", List.of("body", field), "msg", msg, "type", type);
    }
}
