package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** A 500 names the entrypoint and an id; the stack trace is logged under that id; DAEPLOY_SHOW_ERRORS shows more. */
class InternalErrorTest {

    private static final Pattern HIDDEN = Pattern.compile("Internal error in entrypoint explode \\(id ([0-9a-f]{12})\\)");

    private static HttpResponse<String> explode(boolean showErrors) {
        ServiceSettings settings = new ServiceSettings("contracts", "1.0.0", 0, "127.0.0.1").withShowErrors(showErrors);
        try (RunningService service = DaeployService.start(new ContractService(), settings)) {
            return new HttpCalls(service).post("/explode", null);
        }
    }

    @Test
    void the500CarriesAnIdThatTheLoggedStackTraceCarriesToo() {
        try (LogCapture log = new LogCapture(EntrypointHandler.class.getName())) {
            HttpResponse<String> response = explode(false);

            assertEquals(500, response.statusCode());
            String detail = json(response).get("detail").asText();
            Matcher matcher = HIDDEN.matcher(detail);
            assertTrue(matcher.matches(), detail);
            assertFalse(response.body().contains("secret"), response.body());

            List<LogRecord> severe = log.recordsAt(Level.SEVERE);
            assertEquals(1, severe.size());
            assertTrue(severe.getFirst().getMessage().contains("(id " + matcher.group(1) + ")"), severe.getFirst().getMessage());
            assertEquals("the secret is 42", severe.getFirst().getThrown().getMessage());
            assertTrue(severe.getFirst().getThrown().getStackTrace().length > 0);
        }
    }

    @Test
    void showErrorsAddsTheExceptionForDevelopment() {
        String detail = json(explode(true)).get("detail").asText();

        assertTrue(detail.matches(HIDDEN.pattern() + ": java.lang.IllegalStateException: the secret is 42"), detail);
    }

    @Test
    void showErrorsComesFromTheEnvironment() {
        assertTrue(ServiceSettings.fromEnvironment(Map.of("DAEPLOY_SHOW_ERRORS", "true"), ContractService.class).showErrors());
        assertFalse(ServiceSettings.fromEnvironment(Map.of(), ContractService.class).showErrors());
        assertFalse(new ServiceSettings("a", "1.0.0", 0, "127.0.0.1").showErrors());
    }
}
