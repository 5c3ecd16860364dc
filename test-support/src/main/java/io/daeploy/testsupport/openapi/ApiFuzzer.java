package io.daeploy.testsupport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sends the inputs of {@link FuzzInputs} to a running API and collects every answer that breaks its document: a 5xx,
 * a status the operation does not list, a body its schema does not allow, a 4xx without a {@code detail}.
 */
public final class ApiFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final JsonNode document;
    private final Map<String, String> headers;
    private final AnswerCheck check;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base    where the document's paths start (a service's gateway prefix, or the manager's root)
     * @param headers sent with every request (a token)
     */
    public ApiFuzzer(URI base, JsonNode document, Map<String, String> headers) {
        this.base = base;
        this.document = document;
        this.headers = Map.copyOf(headers);
        this.check = new AnswerCheck(document);
    }

    /** Every operation of the document, as {@code METHOD /template}. */
    public static List<String> operations(JsonNode document) {
        List<String> all = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(method)) {
                all.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return all;
    }

    /** {@code tries} inputs to each operation ({@code METHOD /template}) with inputs drawn from {@code inputs}. */
    public FuzzReport run(List<String> operations, FuzzInputs inputs, int tries) {
        Map<String, Integer> tried = new TreeMap<>();
        Map<String, Integer> accepted = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            for (int i = 0; i < tries; i++) {
                FuzzRequest request = inputs.request(method, template, i);
                HttpResponse<String> response = send(request);
                tried.merge(operation, 1, Integer::sum);
                if (response.statusCode() < 300) {
                    accepted.merge(operation, 1, Integer::sum);
                }
                problem(request, response).ifPresent(p -> findings.add(p + "\n  after " + describe(request)));
            }
        }
        return new FuzzReport(tried, accepted, findings);
    }

    private Optional<String> problem(FuzzRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        String route = request.method() + " " + request.template();
        if (status >= 500) {
            return Optional.of(route + " answered " + status + ": " + AnswerCheck.abbreviated(body));
        }
        Optional<String> undocumented = check.problem(request.method(), request.template(), status,
                response.headers().firstValue("Content-Type").orElse(null), body);
        if (undocumented.isPresent() || status < 400 || body.isEmpty() || request.method().equals("HEAD")) {
            return undocumented;
        }
        try {
            return JSON.readTree(body).hasNonNull("detail") ? Optional.empty()
                    : Optional.of(route + " answered " + status + " without a detail: " + AnswerCheck.abbreviated(body));
        } catch (IOException e) {
            return Optional.of(route + " answered " + status + " with a body that is not JSON: " + AnswerCheck.abbreviated(body));
        }
    }

    private HttpResponse<String> send(FuzzRequest request) {
        String query = request.query().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        URI uri = URI.create(base.toString().replaceAll("/$", "") + request.path() + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer to " + describe(request), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String describe(FuzzRequest request) {
        String body = request.body() == null ? "(no body)" : AnswerCheck.abbreviated(request.body());
        return request.method() + " " + request.path() + " " + AnswerCheck.abbreviated(request.query().toString()) + " " + body;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
