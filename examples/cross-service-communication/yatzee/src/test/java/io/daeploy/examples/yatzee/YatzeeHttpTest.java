package io.daeploy.examples.yatzee;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.RunningService;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service over HTTP, as the manager's gateway calls it: started in this JVM on a free port. */
class YatzeeHttpTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void playAnswersTheSortedDiceAsJson() throws Exception {
        List<List<Integer>> yatzees = new ArrayList<>();
        Yatzee game = new Yatzee(YatzeeTest.dieShowing(2, 2, 2, 2, 2), yatzees::add);
        try (RunningService service = DaeployService.start(game, 0)) {
            HttpRequest request = HttpRequest.newBuilder(service.uri().resolve("/play"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("[2,2,2,2,2]", response.body());
            assertEquals(1, yatzees.size());
        }
    }
}
