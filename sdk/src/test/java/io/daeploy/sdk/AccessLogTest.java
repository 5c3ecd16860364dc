package io.daeploy.sdk;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogTest {

    public static class Chatty {
        @Entrypoint
        public String loud(String name) {
            return name;
        }

        @Entrypoint(accessLog = false)
        public String quiet(String name) {
            return name;
        }
    }

    @Test
    void oneLinePerCallUnlessTheEntrypointTurnsItOff() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("io.daeploy.sdk.access");
        access.addHandler(capture);
        try (RunningService service = DaeployService.start(new Chatty(), 0)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/loud", "/quiet", "/loud")) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(service.uri() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(path.equals("/loud") && lines.isEmpty()
                                ? "{\"name\":\"a\"}" : "{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(res.statusCode() == 200 || res.statusCode() == 422, res.body());
            }
        } finally {
            access.removeHandler(capture);
        }
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("POST /loud 200 \\d+\\.\\d ms"), lines.get(0));
        assertTrue(lines.get(1).startsWith("POST /loud 422 "), "failed calls are logged with their status: " + lines);
    }
}
