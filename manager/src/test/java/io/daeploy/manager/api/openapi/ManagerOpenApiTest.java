package io.daeploy.manager.api.openapi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checker itself: a documented answer passes, an undocumented status or field fails. */
class ManagerOpenApiTest {

    @Test
    void pathsMatchTheirMostSpecificTemplate() {
        assertEquals("/services/", DocumentedAnswers.templateOf("/services/?name=a"));
        assertEquals("/services/~blobs/{sha256}", DocumentedAnswers.templateOf("/services/~blobs/abc"));
        assertEquals("/services/{name}/{path}", DocumentedAnswers.templateOf("/services/hello/a/b"));
        assertEquals("/auth/token/{id}", DocumentedAnswers.templateOf("/auth/token/x"));
    }

    @Test
    void anUndocumentedStatusOrFieldFails() {
        String version = "{\"name\":\"a\",\"version\":\"1.0.0\",\"main\":true,\"status\":\"running\","
                + "\"since\":\"2026-01-01T00:00:00Z\",\"image\":null,\"reason\":null,\"replicas\":1,\"readyReplicas\":1,"
                + "\"weight\":100}";
        DocumentedAnswers.check("GET", "/services/", 200, "application/json", "[" + version + "]");
        DocumentedAnswers.check("PUT", "/services/~assign", 422, "application/json", "{\"detail\":\"name is required\"}");
        assertThrows(AssertionError.class, () -> DocumentedAnswers.check("GET", "/services/", 418, "application/json", "[]"));
        assertThrows(AssertionError.class, () -> DocumentedAnswers.check("GET", "/services/", 200, "application/json",
                "[" + version.replace("}", ",\"extra\":1}") + "]"));
        assertThrows(AssertionError.class, () -> DocumentedAnswers.check("PUT", "/services/~assign", 422,
                "application/json", "{\"message\":\"no detail\"}"));
    }
}
