package ${package};

import io.daeploy.common.Severity;
import io.daeploy.sdk.testing.DaeployTestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The service over HTTP, as the manager's gateway calls it: started in this JVM on a free port, with a stand-in
 * for the Daeploy manager that records the notifications the service raises.
 */
class HelloServiceHttpTest {

    @RegisterExtension
    static DaeployTestService service = DaeployTestService.of(new HelloService());

    @Test
    void helloGreetsByName() {
        var response = service.post("hello", Map.of("name", "Bob"));

        assertEquals(200, response.status());
        assertEquals("Hello Bob", response.as(String.class));
    }

    @Test
    void greetingIsAParameterThatCanBeChanged() {
        assertEquals(200, service.setParameter("greeting", "Hi").status());
        try {
            assertEquals("Hi Bob", service.post("hello", Map.of("name", "Bob")).as(String.class));
        } finally {
            service.setParameter("greeting", "Hello"); // the service lives for the whole class: put it back, even on a failure
        }
    }

    @Test
    void greetingTheWorldIsRefusedWithAWarning() {
        var response = service.post("hello", Map.of("name", "World"));

        assertEquals(403, response.status());
        assertEquals(1, service.notifications().size());
        assertEquals(Severity.WARNING, service.notifications().getFirst().severity());
    }
}
