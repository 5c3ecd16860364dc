package io.daeploy.it;

import io.daeploy.common.Json;
import io.daeploy.common.ServiceVersion;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixture service deployed through a manager, and what its {@code whoami} route answers (version, pid). */
final class FixtureAnswers {

    private FixtureAnswers() {
    }

    /** Deploys the fixture service and asserts it runs; its first answer through that manager. */
    static HttpResponse<String> deployRunning(ManagerProcess manager, String name, String version) {
        ServiceVersion deployed = manager.client().deploy(name, version, Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason() + "\n" + manager.output());
        return answer(manager, name);
    }

    /** {@code whoami} of a name (its main) or of {@code name_version}, through a manager's gateway. */
    static HttpResponse<String> answer(ManagerProcess manager, String name) {
        return Http.get(manager.url().resolve("/services/" + name + "/whoami"));
    }

    /** The pid of the service JVM that answered, which must have answered 200. */
    static String pid(HttpResponse<String> answer, ManagerProcess through) {
        assertEquals(200, answer.statusCode(), "through " + through.url() + ": " + answer.body() + "\n" + through.output());
        return field(answer, "pid");
    }

    static String field(HttpResponse<String> answer, String name) {
        try {
            return Json.mapper().readTree(answer.body()).path(name).asText();
        } catch (IOException e) {
            return "";
        }
    }
}
