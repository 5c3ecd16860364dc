package io.daeploy.manager.api;

import io.daeploy.manager.errors.DomainException;

import io.daeploy.manager.http.HttpErrors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daeploy.common.Json;
import io.daeploy.common.NotificationRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationsApiTest {

    private static ObjectNode body(String name, String version) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("serviceName", name);
        body.put("serviceVersion", version);
        body.put("message", "YATZEE!!!");
        body.put("severity", "INFO");
        return body;
    }

    /** The fields named by a 422, with their messages. */
    private static List<String> refused(JsonNode body) {
        DomainException e = assertThrows(DomainException.class, () -> NotificationsApi.validated(body));
        assertEquals(422, HttpErrors.status(e).code());
        List<String> problems = new ArrayList<>();
        for (Object p : (List<?>) e.detail()) {
            Map<?, ?> problem = (Map<?, ?>) p;
            problems.add(((List<?>) problem.get("loc")).get(1) + ": " + problem.get("msg"));
        }
        return problems;
    }

    @Test
    void aNameAndVersionAServiceCanHaveAreAccepted() {
        NotificationRequest ok = NotificationsApi.validated(body("d".repeat(63), "1.0.0-rc.1"));
        assertEquals(63, ok.serviceName().length());
        assertEquals("1.0.0-rc.1", ok.serviceVersion());
    }

    @Test
    void aNameTooLongForTheDatabaseIs422NamingServiceName() {
        List<String> problems = refused(body("d".repeat(64), "1.0.0"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("serviceName: ") && problems.get(0).contains("longer than 63"),
                   problems.toString());
    }

    @Test
    void aVersionTooLongOrNotSemanticIs422NamingServiceVersion() {
        List<String> tooLong = refused(body("yatzee", "1.0.0-" + "a".repeat(60)));
        assertEquals(1, tooLong.size(), tooLong.toString());
        assertTrue(tooLong.get(0).startsWith("serviceVersion: "), tooLong.toString());
        List<String> notSemantic = refused(body("yatzee", "latest"));
        assertTrue(notSemantic.get(0).startsWith("serviceVersion: ") && notSemantic.get(0).contains("semantic"),
                   notSemantic.toString());
    }

    @Test
    void aNameNoServiceCanHaveIs422NamingServiceName() {
        List<String> problems = refused(body("Die Roller", "1.0.0"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("serviceName: ") && problems.get(0).contains("lower-case"),
                   problems.toString());
    }
}
