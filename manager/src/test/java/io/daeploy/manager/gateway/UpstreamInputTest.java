package io.daeploy.manager.gateway;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UpstreamInputTest {

    private static UpstreamInput input(String text, int buffer) {
        return new UpstreamInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), ReadTimeouts.NONE.watch(() -> { }), buffer);
    }

    @Test
    void linesComeWithoutTheirEndsWhereverTheBufferSplitsThem() throws IOException {
        for (int buffer = 1; buffer <= 12; buffer++) {
            UpstreamInput in = input("HTTP/1.1 200\r\nA: b\r\n\nrest", buffer);
            assertEquals("HTTP/1.1 200", in.readLine(100), "buffer " + buffer);
            assertEquals("A: b", in.readLine(100), "buffer " + buffer);
            assertEquals("", in.readLine(100), "a bare LF ends a line too, buffer " + buffer);
            assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), "the body follows, buffer " + buffer);
        }
    }

    @Test
    void theEndBeforeALineIsNullAndInsideOneIsAnError() throws IOException {
        assertNull(input("", 8).readLine(100));
        assertThrows(IOException.class, () -> input("HTTP/1.1 20", 4).readLine(100));
    }

    @Test
    void anOverlongLineIsRefused() {
        IOException e = assertThrows(IOException.class, () -> input("x".repeat(300) + "\r\n", 16).readLine(100));
        assertEquals("header line longer than 100 bytes", e.getMessage());
    }
}
