package io.daeploy.manager.api.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** After a login the browser goes to the page it asked for, but never to another site. */
class SafeNextTest {

    @Test
    void aPathOnTheManagerIsKept() {
        for (String local : new String[] {"/", "/services/", "/services/hello/whoami?x=1&y=%2F", "/logs/#end"}) {
            assertEquals(local, AuthApi.safeNext(local));
        }
    }

    @Test
    void anythingThatCouldLeaveTheManagerBecomesTheDashboard() {
        for (String away : new String[] {"http://evil.example/", "https://evil.example", "//evil.example",
                "//evil.example/services/", "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example",
                "javascript:alert(1)", "evil.example", ""}) {
            assertEquals("/", AuthApi.safeNext(away), away);
        }
    }
}
