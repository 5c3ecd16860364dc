package io.daeploy.manager.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The buffered input of one upstream connection. Unlike {@link java.io.BufferedInputStream} it reads header
 * lines straight out of its buffer (no lock and no copy per byte): answer heads are parsed on every request
 * that goes through the gateway.
 */
final class UpstreamInput extends InputStream {

    private final InputStream source;
    private final ReadTimeouts.Deadline deadline;
    private final byte[] buffer;
    private int position;
    private int limit;

    UpstreamInput(InputStream source, ReadTimeouts.Deadline deadline, int bufferSize) {
        this.source = source;
        this.deadline = deadline;
        this.buffer = new byte[bufferSize];
    }

    /**
     * The next line without its CR LF, as ISO-8859-1 (the bytes as they came); null when the stream ended before
     * any byte of it.
     *
     * @throws IOException when the line is longer than {@code maxLength} or the stream ends inside it
     */
    String readLine(int maxLength) throws IOException {
        StringBuilder spill = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    if (spill == null) {
                        return line;
                    }
                    spill.append(line);
                    int last = spill.length() - 1;
                    if (end == i && last >= 0 && spill.charAt(last) == '\r') {
                        spill.setLength(last); // the CR came at the end of the previous fill
                    }
                    return spill.toString();
                }
            }
            int pending = limit - position;
            if (pending > 0) {
                spill = spill == null ? new StringBuilder(pending * 2) : spill;
                spill.append(new String(buffer, position, pending, StandardCharsets.ISO_8859_1));
                position = limit;
            }
            if (spill != null && spill.length() > maxLength) {
                throw new IOException("header line longer than " + maxLength + " bytes");
            }
            if (!fill()) {
                if (spill == null) {
                    return null;
                }
                throw new IOException("the service's answer ended in its head");
            }
        }
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int pending = limit - position;
        if (pending == 0) {
            if (length >= buffer.length) {
                return readSource(target, offset, length); // large reads skip the buffer
            }
            if (!fill()) {
                return -1;
            }
            pending = limit - position;
        }
        int n = Math.min(pending, length);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (limit - position) + source.available();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private boolean fill() throws IOException {
        int n = readSource(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int readSource(byte[] target, int offset, int length) throws IOException {
        deadline.arm();
        try {
            return source.read(target, offset, length);
        } finally {
            deadline.disarm(); // a read the sweeper ended fails as a time-out, whatever the socket said
        }
    }
}
