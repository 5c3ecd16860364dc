package io.daeploy.manager.gateway;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamResponseTest {

    private static UpstreamInput wire(String text) {
        // a tiny buffer, so that lines also cross buffer fills
        return new UpstreamInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), ReadTimeouts.NONE.watch(() -> { }), 7);
    }

    @Test
    void aContentLengthAnswerKeepsTheConnection() throws IOException {
        UpstreamInput in = wire("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        UpstreamResponse answer = UpstreamResponse.read(in, false);
        assertEquals(201, answer.status());
        assertEquals(2, answer.contentLength());
        assertTrue(answer.keepAlive());
        assertEquals("Content-Type", answer.headers().get(0)[0]);
        assertEquals("{}", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void interimAnswersAreSkippedAndCloseIsHonoured() throws IOException {
        UpstreamResponse answer = UpstreamResponse.read(
                wire("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"), false);
        assertEquals(200, answer.status());
        assertFalse(answer.keepAlive());
    }

    @Test
    void withoutLengthTheBodyEndsAtCloseSoTheConnectionIsNotReused() throws IOException {
        UpstreamResponse answer = UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\n\r\nstream"), false);
        assertEquals(-1, answer.contentLength());
        assertFalse(answer.keepAlive());
    }

    @Test
    void aHeadAnswerHasNoBody() throws IOException {
        UpstreamResponse answer = UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"), true);
        assertEquals(0, answer.contentLength());
        assertTrue(answer.keepAlive());
    }

    @Test
    void nothingAtAllIsAnEofSoAStaleConnectionCanBeRetried() {
        assertThrows(EOFException.class, () -> UpstreamResponse.read(wire(""), false));
        assertThrows(IOException.class, () -> UpstreamResponse.read(wire("garbage\r\n\r\n"), false));
    }

    @Test
    void chunkedBodiesAreDecodedAndEndAfterTheLastChunk() throws IOException {
        UpstreamInput in = wire("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT");
        UpstreamResponse answer = UpstreamResponse.read(in, false);
        assertTrue(answer.chunked());
        assertArrayEquals("hello world".getBytes(), new ChunkedInputStream(in).readAllBytes());
        assertEquals("NEXT", new String(in.readAllBytes()), "the connection is positioned at the next answer");
    }

    @Test
    void aTruncatedChunkIsAnError() {
        UpstreamInput in = wire("a\r\nshort");
        assertThrows(EOFException.class, () -> new ChunkedInputStream(in).readAllBytes());
    }

    @Test
    void aChunkSizeThatIsNotPlainHexIsAnError() {
        for (String size : List.of("-5", "+5", "zz", "", "1234567890abcdef0")) {
            IOException e = assertThrows(IOException.class,
                    () -> new ChunkedInputStream(wire(size + "\r\nhello\r\n0\r\n\r\n")).readAllBytes(), size);
            assertTrue(e.getMessage().startsWith("bad chunk size from the service"), e.getMessage());
        }
    }

    @Test
    void aChunkTellsWhatItHasReadyAndNothingBeyondItsEnd() throws IOException {
        ChunkedInputStream chunks = new ChunkedInputStream(new java.io.ByteArrayInputStream(
                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(0, chunks.available(), "before the first size line nothing is known");
        byte[] two = new byte[2];
        assertEquals(2, chunks.read(two));
        assertEquals(3, chunks.available(), "the rest of this chunk, not the next one");
        assertArrayEquals("llo world".getBytes(), chunks.readAllBytes());
        assertEquals(0, chunks.available());
    }

    @Test
    void bodilessAnswersAreMarkedWhateverTheirHeadersSay() throws IOException {
        assertTrue(UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"), true).bodiless());
        assertTrue(UpstreamResponse.read(wire("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"), false).bodiless());
        assertTrue(UpstreamResponse.read(wire("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n"), false).bodiless());
        UpstreamResponse plain = UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"), false);
        assertFalse(plain.bodiless());
        assertEquals(5, plain.contentLength());
    }

    @Test
    void headersTheServiceNamesInItsConnectionHeaderStayOnItsHop() throws IOException {
        UpstreamResponse answer = UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\nConnection: X-Internal, keep-alive\r\n"
                + "X-Internal: secret\r\nX-Public: yes\r\nContent-Length: 0\r\n\r\n"), false);
        assertTrue(answer.headers().stream().noneMatch(h -> h[0].equalsIgnoreCase("X-Internal")), "named by Connection");
        assertTrue(answer.headers().stream().anyMatch(h -> h[0].equals("X-Public")));
        assertTrue(answer.keepAlive());
        assertFalse(UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\nConnection: X-A, close\r\nContent-Length: 0\r\n\r\n"), false)
                .keepAlive());
    }

    @Test
    void aHeadThatBreaksTheProtocolIsAnIoErrorSoTheClientGetsA502() {
        for (String broken : new String[] {
                "HTTP/1.1 abc Broken\r\n\r\n", "HTTP/1.1 20 Short\r\n\r\n", "HTTP/1.1 2000 Long\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"}) {
            IOException e = assertThrows(IOException.class, () -> UpstreamResponse.read(wire(broken), false), broken);
            assertFalse(e instanceof EOFException, broken);
        }
    }

    @Test
    void bothLengthAndChunkingReadAsChunkedAndTheConnectionIsNotReused() throws IOException {
        UpstreamResponse answer = UpstreamResponse.read(wire("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"), false);
        assertTrue(answer.chunked());
        assertEquals(-1, answer.contentLength());
        assertFalse(answer.keepAlive());
    }
}
