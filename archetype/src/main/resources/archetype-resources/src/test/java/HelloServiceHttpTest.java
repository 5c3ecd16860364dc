package ${package};

import io.daeploy.sdk.DaeployService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service over HTTP, as the manager's gateway will call it: started in this JVM on a free port. */
class HelloServiceHttpTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void helloAnswersWithJson() throws Exception {
        try (var service = DaeployService.start(new HelloService(), 0)) {
            HttpResponse<String> response = post(service.uri().resolve("/hello"), "{\"name\":\"Bob\"}");

            assertEquals(200, response.statusCode());
            assertEquals("\"Hello Bob\"", response.body());
        }
    }

    @Test
    void missingNameIsRefusedWith422() throws Exception {
        try (var service = DaeployService.start(new HelloService(), 0)) {
            HttpResponse<String> response = post(service.uri().resolve("/hello"), "{}");

            assertEquals(422, response.statusCode(), response.body());
        }
    }

    private HttpResponse<String> post(URI uri, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
