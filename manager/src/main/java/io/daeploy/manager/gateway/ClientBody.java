package io.daeploy.manager.gateway;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The caller's request body as the gateway forwards it. A body up to the buffer limit is read whole before the
 * service is contacted, whatever its framing: it goes on with a Content-Length, can be mirrored to shadows, and a
 * body whose chunked framing is broken is refused (400) before anything reaches the service (nginx buffers
 * request bodies the same way). A larger body is streamed: a chunked one after the part already read, each piece
 * sent on as it arrives.
 */
final class ClientBody {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    private static final int CHUNK = 64 * 1024;

    /** The whole body (complete) or the part read before streaming the rest; null when the request has none. */
    private final byte[] read;
    private final InputStream rest;
    /** The length declared by the caller, or -1 when the body is chunked. */
    private final long declaredLength;

    private ClientBody(byte[] read, InputStream rest, long declaredLength) {
        this.read = read;
        this.rest = rest;
        this.declaredLength = declaredLength;
    }

    static final ClientBody NONE = new ClientBody(null, null, -1);

    /** A body already in hand (a copy for a shadow). */
    static ClientBody of(byte[] whole) {
        return whole == null ? NONE : new ClientBody(whole, null, whole.length);
    }

    /**
     * Reads what is to be read before the service is contacted.
     *
     * @throws MalformedBody when the caller's body breaks its framing or ends early
     */
    static ClientBody read(ServerRequest req, int bufferLimit) {
        if (!req.content().hasEntity()) {
            return NONE;
        }
        OptionalLong declared = req.headers().contentLength();
        InputStream in = req.content().inputStream();
        if (declared.isPresent()) {
            long length = declared.getAsLong();
            if (length > bufferLimit) {
                return new ClientBody(new byte[0], in, length);
            }
            byte[] body = readUpTo(in, (int) length);
            if (body.length < length) {
                throw new MalformedBody("The request body ended after " + body.length + " of the " + length
                        + " bytes its Content-Length declares");
            }
            return new ClientBody(body, null, length);
        }
        byte[] head = readUpTo(in, bufferLimit + 1);
        if (head.length <= bufferLimit) {
            return new ClientBody(head, null, head.length);
        }
        return new ClientBody(head, in, -1);
    }

    /** Read whole: can go with a Content-Length, and be mirrored. */
    boolean complete() {
        return rest == null;
    }

    /** The whole body when {@link #complete()}, else null. */
    byte[] whole() {
        return complete() ? read : null;
    }

    boolean present() {
        return read != null;
    }

    /** The Content-Length to send, or -1 for chunked. */
    long length() {
        return read != null && complete() ? read.length : declaredLength;
    }

    /**
     * Sends the streamed part on, each piece written to the service as it comes from the caller.
     *
     * @throws MalformedBody when the caller's body breaks its framing or ends early: the service's connection must
     *                       then be closed, so that it never sees a complete request
     */
    void streamTo(OutputStream out) throws IOException {
        if (declaredLength >= 0) {
            long left = declaredLength;
            byte[] buffer = new byte[CHUNK];
            while (left > 0) {
                int n = readSome(rest, buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new MalformedBody("The request body ended after " + (declaredLength - left) + " of the "
                            + declaredLength + " bytes its Content-Length declares");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
            return;
        }
        // one write per chunk, frame and data together: a write per piece costs a system call each
        byte[] frame = new byte[CHUNK + 16];
        writeChunk(out, frame, read, read.length);
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = readSome(rest, buffer, 0, buffer.length)) >= 0) {
            writeChunk(out, frame, buffer, n);
        }
        out.write(LAST_CHUNK);
        out.flush();
    }

    private static void writeChunk(OutputStream out, byte[] frame, byte[] data, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (length > CHUNK) {
            byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            out.write(size);
            out.write(data, 0, length);
            out.write(CRLF);
            return;
        }
        byte[] size = Integer.toHexString(length).getBytes(StandardCharsets.ISO_8859_1);
        int at = 0;
        System.arraycopy(size, 0, frame, at, size.length);
        at += size.length;
        frame[at++] = '\r';
        frame[at++] = '\n';
        System.arraycopy(data, 0, frame, at, length);
        at += length;
        frame[at++] = '\r';
        frame[at++] = '\n';
        out.write(frame, 0, at);
    }

    private static byte[] readUpTo(InputStream in, int length) {
        try {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the caller went away: nothing to answer
        } catch (RuntimeException e) {
            throw MalformedBody.of(e);
        }
    }

    private static int readSome(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (RuntimeException e) {
            throw MalformedBody.of(e);
        }
    }

    /** The caller's body breaks HTTP framing (a bad chunk size, an early end): a 400, the caller's fault. */
    static final class MalformedBody extends RuntimeException {

        MalformedBody(String message) {
            super(message);
        }

        static MalformedBody of(RuntimeException e) {
            if (e instanceof MalformedBody malformed) {
                return malformed;
            }
            return new MalformedBody("The request body breaks HTTP/1.1 framing: " + e.getMessage());
        }
    }
}
