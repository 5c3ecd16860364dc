package io.daeploy.manager.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopByHopHeadersTest {

    @Test
    void theHeadersAConnectionHeaderNamesAreForThisHopOnly() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.add(HeaderNames.CONNECTION, "close, X-Secret");
        headers.add(HeaderNames.create("X-Secret"), "hidden");
        assertEquals(Set.of("close", "x-secret"), HopByHopHeaders.nominated(headers));
        assertEquals(Set.of(), HopByHopHeaders.nominated(WritableHeaders.create()));
    }

    @Test
    void theFixedHopByHopNamesAreNeverForwarded() {
        for (String name : new String[] {"Connection", "Keep-Alive", "TE", "Transfer-Encoding", "Upgrade", "Proxy-Authorization"}) {
            assertFalse(HopByHopHeaders.forwarded(name), name);
        }
        assertTrue(HopByHopHeaders.forwarded("X-Request-Note"));
    }
}
