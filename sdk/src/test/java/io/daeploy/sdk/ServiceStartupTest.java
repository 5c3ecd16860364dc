package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** Starting, health, stopping, and the mistakes in a service class that stop it from starting. */
class ServiceStartupTest {

    public static class ReservedNameService {
        @Entrypoint
        public String docs() {
            return "mine";
        }
    }

    public static class DuplicateNameService {
        @Entrypoint
        public String hello(String name) {
            return name;
        }

        @Entrypoint
        public String hello(int number) {
            return Integer.toString(number);
        }
    }

    public static class NoEntrypointService {
        public String hello(String name) {
            return name;
        }
    }

    public static class BadMethodService {
        @Entrypoint(method = "FETCH")
        public String hello() {
            return "hi";
        }
    }

    public static class BadStatusService {
        @Entrypoint(status = 404)
        public String hello() {
            return "hi";
        }
    }

    public static class PrivateEntrypointService {
        @Entrypoint
        public String visible() {
            return "yes";
        }

        @Entrypoint
        String hidden() {
            return "no";
        }
    }

    @Test
    void startOnPortZeroListensOnAFreePortAndAnswersHealth() {
        try (RunningService service = DaeployService.start(new GreetingService(), 0)) {
            assertTrue(service.port() > 0);
            HttpResponse<String> health = new HttpCalls(service).get("/observe/health");

            assertTrue(health.statusCode() == 200 || health.statusCode() == 204, "health answered " + health.statusCode());
        }
    }

    @Test
    void stoppedServiceNoLongerAnswers() {
        RunningService service = DaeployService.start(new GreetingService(), new ServiceSettings("g", "1.0.0", 0, "127.0.0.1"));
        HttpCalls http = new HttpCalls(service);
        assertEquals(200, http.get("/answer").statusCode());

        service.stop();

        assertThrows(AssertionError.class, () -> http.get("/answer"));
    }

    @Test
    void portInUseFailsTheStartClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceSettings settings = new ServiceSettings("g", "1.0.0", taken.getLocalPort(), "127.0.0.1");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DaeployService.start(new GreetingService(), settings));

            assertTrue(e.getMessage().contains("could not listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void rootPathIs404PointingToEntrypointsAndDocs() {
        try (RunningService service = DaeployService.start(new GreetingService(), new ServiceSettings("g", "1.0.0", 0, "127.0.0.1"))) {
            HttpResponse<String> response = new HttpCalls(service).get("/");

            assertEquals(404, response.statusCode());
            String detail = HttpCalls.json(response).get("detail").asText();
            assertTrue(detail.contains("docs") && detail.contains("hello"), detail);
        }
    }

    @Test
    void reservedNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new ReservedNameService(), 0));

        assertTrue(e.getMessage().contains("ReservedNameService.docs"), e.getMessage());
        assertTrue(e.getMessage().contains("'docs' is reserved"), e.getMessage());
    }

    @Test
    void duplicateNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new DuplicateNameService(), 0));

        assertTrue(e.getMessage().contains("Two entrypoints are named 'hello'"), e.getMessage());
    }

    @Test
    void classWithoutEntrypointsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new NoEntrypointService(), 0));

        assertTrue(e.getMessage().startsWith("no @Entrypoint methods on " + NoEntrypointService.class.getName()),
                e.getMessage());
    }

    @Test
    void unsupportedMethodIsRefusedNamingMethodAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new BadMethodService(), 0));

        assertTrue(e.getMessage().contains("BadMethodService.hello"), e.getMessage());
        assertTrue(e.getMessage().contains("'FETCH'"), e.getMessage());
    }

    @Test
    void nonSuccessStatusIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new BadStatusService(), 0));

        assertTrue(e.getMessage().contains("status 404"), e.getMessage());
    }

    @Test
    void nonPublicEntrypointIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new PrivateEntrypointService(), 0));

        assertTrue(e.getMessage().contains("PrivateEntrypointService.hidden must be public"), e.getMessage());
    }
}
