package io.daeploy.manager.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; ends after the last chunk and its trailers. */
final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are dropped: hop-by-hop for our purposes
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) {
            throw new EOFException("the service's chunked body ended early");
        }
        remaining -= n;
        if (remaining == 0) {
            readLine();
        }
        return n;
    }

    /** What the current chunk has ready without blocking (0 at a chunk's end: the next one's size is unread). */
    @Override
    public int available() throws IOException {
        return done || remaining == 0 ? 0 : (int) Math.min(remaining, in.available());
    }

    private long nextChunkSize() throws IOException {
        String line = readLine();
        int semicolon = line.indexOf(';');
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        // hex digits only: Long.parseLong would also take a sign
        if (size.isEmpty() || size.length() > 15 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException("bad chunk size from the service: " + line);
        }
        return Long.parseLong(size, 16);
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1) {
            throw new EOFException("the service's chunked body ended early");
        }
        return sb.toString();
    }
}
