package io.daeploy.sdk;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.daeploy.sdk.ServiceCallException.Kind;

/**
 * Turns an unusable answer into a {@link ServiceCallException} whose message names the case:
 * unknown service, unknown entrypoint, refused arguments, another error status, no answer in time,
 * manager unreachable, or an answer of the wrong type.
 */
final class CallFailures {

    private static final int MAX_SHOWN_BODY = 300;

    // The manager's gateway and the SDK answer these details for unknown names; other 404s come from the entrypoint itself.
    private static final String UNKNOWN_SERVICE = "No service";
    private static final String UNKNOWN_ENTRYPOINT = "No entrypoint";

    private final String target;
    private final String entrypoint;
    private final ObjectMapper mapper;

    /**
     * @param target the called service as the URL names it: {@code die_roller} or {@code die_roller_1.0.0}
     */
    CallFailures(String target, String entrypoint, ObjectMapper mapper) {
        this.target = target;
        this.entrypoint = entrypoint;
        this.mapper = mapper;
    }

    ServiceCallException errorStatus(int status, byte[] body) {
        JsonNode detailNode = detailNode(body);
        String detail = detailNode == null ? bodyText(body) : detailText(detailNode);
        String shown = detail == null ? "(no detail)" : detail;
        if (status == 404 && shown.startsWith(UNKNOWN_SERVICE)) {
            return failure(Kind.UNKNOWN_SERVICE, status, detail, "unknown service: " + shown, null);
        }
        if (status == 404 && shown.startsWith(UNKNOWN_ENTRYPOINT)) {
            return failure(Kind.UNKNOWN_ENTRYPOINT, status, detail, "unknown entrypoint: " + shown, null);
        }
        if (status == 422) {
            return failure(Kind.REFUSED_ARGUMENTS, status, detail,
                    target + " refused the arguments (422): " + (detailNode == null ? shown : problems(detailNode)), null);
        }
        String reason = status >= 300 && status < 400
                ? "HTTP " + status + " (redirects are not followed): " + shown
                : "HTTP " + status + ": " + shown;
        return failure(Kind.ERROR_STATUS, status, detail, reason, null);
    }

    ServiceCallException noAnswer(ManagerTransport.NoAnswer noAnswer, Duration timeout, Object managerUrl) {
        if (noAnswer.timedOut()) {
            return failure(Kind.TIMEOUT, 0, null, target + " did not answer within " + seconds(timeout) + " s",
                    noAnswer.getCause());
        }
        return failure(Kind.MANAGER_UNREACHABLE, 0, null,
                "cannot reach the Daeploy manager at " + managerUrl + " (" + noAnswer.getMessage() + ")", noAnswer.getCause());
    }

    ServiceCallException notConvertible(int status, byte[] body, String expected, Exception cause) {
        String problem = cause instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? firstLine(json.getOriginalMessage()) : String.valueOf(cause.getMessage());
        String shown = body.length == 0 ? "an empty answer" : bodyText(body);
        return failure(Kind.WRONG_ANSWER_TYPE, status, null, "the answer is not " + expected + ": got " + shown + " (" + problem + ")", cause);
    }

    private ServiceCallException failure(Kind kind, int status, String detail, String reason, Throwable cause) {
        return new ServiceCallException(kind, target, entrypoint, status, detail,
                "Call to " + target + "/" + entrypoint + " failed: " + reason, cause);
    }

    private JsonNode detailNode(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            return tree != null && tree.isObject() ? tree.get("detail") : null;
        } catch (IOException e) {
            return null; // not JSON: shown as text
        }
    }

    private static String detailText(JsonNode detail) {
        return detail.isTextual() ? detail.asText() : detail.toString();
    }

    /** {@code body.n: field required; body.x: expected integer, got "a"}, from the SDK's 422 problem list. */
    private static String problems(JsonNode detail) {
        if (!detail.isArray()) {
            return detailText(detail);
        }
        StringJoiner joined = new StringJoiner("; ");
        for (JsonNode problem : detail) {
            StringJoiner where = new StringJoiner(".");
            problem.path("loc").forEach(part -> where.add(part.asText()));
            String msg = problem.path("msg").asText(problem.toString());
            joined.add(where.length() == 0 ? msg : where + ": " + msg);
        }
        return joined.toString();
    }

    private static String bodyText(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= MAX_SHOWN_BODY ? text : text.substring(0, MAX_SHOWN_BODY) + "...";
    }

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
