package io.daeploy.manager.api.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one route of the manager's API takes and answers, as {@code /openapi} tells it. The table of them is
 * {@link ManagerApiRoutes}; the document is made from the routes the running manager registered.
 *
 * @param method  HTTP method, or {@code ANY} for the gateway
 * @param path    the path as the routing registers it ({@code /auth/token/{id}}, {@code /services/{name}/*})
 * @param open    answers without a token even with authentication on
 * @param answers by status; errors carry the {@code {"detail": ...}} schema
 */
public record ApiRoute(String method, String path, String tag, String summary, String description, boolean open,
                       List<Parameter> parameters, Optional<Content> request, Map<Integer, Answer> answers) {

    /** A query or path parameter; its schema is JSON Schema text. */
    public record Parameter(String name, String in, boolean required, String schema, String description) {
    }

    /** A body of one media type; {@code shape} is a Java type, JSON Schema text, or absent (no body). */
    public record Content(String mediaType, Optional<Object> shape, String description) {

        public static Content of(String mediaType, Object shape) {
            return new Content(mediaType, Optional.of(shape), "");
        }

        public static Content json(Object shape) {
            return of("application/json", shape);
        }
    }

    /** One status: its description and the bodies it may carry (none for a redirect or 204). */
    public record Answer(String description, List<Content> contents, Map<String, String> headers) {
    }

    public String key() {
        return method + " " + path;
    }

    static Builder route(String method, String path) {
        return new Builder(method, path);
    }

    /** Reads like the table it builds: {@code route("GET", "/services/").summary(...).ok(json(...)).errors(422)}. */
    static final class Builder {
        private final String method;
        private final String path;
        private String tag = "";
        private String summary = "";
        private String description = "";
        private boolean open;
        private final List<Parameter> parameters = new ArrayList<>();
        private Content request;
        private final Map<Integer, Answer> answers = new LinkedHashMap<>();

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Reached without a token (the login page, health, version). */
        Builder open() {
            this.open = true;
            return this;
        }

        Builder query(String name, boolean required, String schema, String description) {
            parameters.add(new Parameter(name, "query", required, schema, description));
            return this;
        }

        Builder pathParameter(String name, String schema, String description) {
            parameters.add(new Parameter(name, "path", true, schema, description));
            return this;
        }

        Builder header(String name, String schema, String description) {
            parameters.add(new Parameter(name, "header", false, schema, description));
            return this;
        }

        Builder body(Content content) {
            this.request = content;
            return this;
        }

        Builder jsonBody(Object shape) {
            return body(Content.json(shape));
        }

        Builder answer(int status, String description, Content... contents) {
            answers.put(status, new Answer(description, List.of(contents), Map.of()));
            return this;
        }

        Builder redirect(int status, String description) {
            answers.put(status, new Answer(description, List.of(), Map.of("Location", "Where to go next")));
            return this;
        }

        Builder ok(Object shape) {
            return answer(200, "OK", Content.json(shape));
        }

        Builder created(Object shape) {
            return answer(201, "Created", Content.json(shape));
        }

        /** Statuses answered with {@code {"detail": ...}}. */
        Builder errors(int... statuses) {
            for (int status : statuses) {
                answers.put(status, new Answer(ErrorStatuses.describe(status), List.of(Content.json(ErrorStatuses.ERROR)),
                                               Map.of()));
            }
            return this;
        }

        ApiRoute build() {
            return new ApiRoute(method, path, tag, summary, description, open, List.copyOf(parameters),
                                Optional.ofNullable(request), Map.copyOf(answers));
        }
    }

}
