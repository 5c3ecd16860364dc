package io.daeploy.examples.dieroller;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.RunningService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service over HTTP, as yatzee calls it through the manager: started in this JVM on a free port. */
class DieRollerHttpTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void rollAnswersANumberFromOneToSix() throws Exception {
        try (RunningService service = DaeployService.start(new DieRoller(), 0)) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = post(service.uri().resolve("/roll"));

                assertEquals(200, response.statusCode(), response.body());
                int face = Integer.parseInt(response.body());
                assertTrue(face >= 1 && face <= 6, response.body());
            }
        }
    }

    @Test
    void aLoadedDieAnswersItsFace() throws Exception {
        try (RunningService service = DaeployService.start(new DieRoller(new Random(), OptionalInt.of(6)), 0)) {
            assertEquals("6", post(service.uri().resolve("/roll")).body());
        }
    }

    /** No parameters: the body may be empty. */
    private HttpResponse<String> post(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
