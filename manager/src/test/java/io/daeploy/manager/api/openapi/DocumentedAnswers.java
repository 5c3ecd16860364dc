package io.daeploy.manager.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daeploy.testsupport.openapi.AnswerCheck;
import io.daeploy.testsupport.openapi.DocumentPaths;

import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks an answer of the manager's API against its OpenAPI document (see {@link AnswerCheck}): its status must be
 * documented for the route, a JSON body must match that status's schema, and a stream, redirect or page must carry a
 * documented media type. The API tests call it on every answer they read, so an undocumented status or field fails
 * a test.
 */
public final class DocumentedAnswers {

    private static final ObjectNode DOCUMENT = ManagerOpenApi.document(
            ManagerApiRoutes.all().stream().map(ApiRoute::key).toList(), "test");
    private static final AnswerCheck CHECK = new AnswerCheck(DOCUMENT);
    private static final DocumentPaths PATHS = new DocumentPaths(DOCUMENT);

    private DocumentedAnswers() {
    }

    /** The whole document, every route described. */
    public static ObjectNode document() {
        return DOCUMENT.deepCopy();
    }

    /** The same for a Helidon client's answer, whose body was read as {@code body}. */
    public static void check(io.helidon.http.Method method, io.helidon.webclient.http1.Http1ClientResponse response,
                             String body) {
        check(method.text(), response.lastEndpointUri().path().path(), response.status().code(),
              response.headers().first(io.helidon.http.HeaderNames.CONTENT_TYPE).orElse(null), body);
    }

    /**
     * @param path        as sent, with or without its query
     * @param contentType the answer's, or null when it has none
     */
    public static void check(String method, String path, int status, String contentType, String body) {
        String template = templateOf(path);
        if ("/services/{name}/{path}".equals(template) && status < 500) {
            return; // the gateway: a service's own answer, described by the service's document
        }
        if (template == null) {
            fail(method + " " + path + " is not in the manager's /openapi");
        }
        CHECK.problem(method, template, status, contentType, body).ifPresent(p -> fail(p + " (" + path + ")"));
    }

    /** The documented operation of a request, if any. */
    public static Optional<JsonNode> operation(String method, String path) {
        String template = templateOf(path);
        JsonNode op = template == null ? null : DOCUMENT.path("paths").path(template).get(method.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(op);
    }

    /** The most specific documented path that {@code path} matches: literal ones before templates. */
    static String templateOf(String path) {
        return PATHS.templateOf(path).orElse(null);
    }
}
