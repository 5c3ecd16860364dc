package io.daeploy.manager.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a service's HTTP/1.1 answer, parsed from the connection, and how its body is framed.
 * Header bytes are kept as ISO-8859-1 so that whatever the service sent goes out unchanged.
 */
record UpstreamResponse(int status, String reason, List<String[]> headers, long contentLength, boolean chunked,
                        boolean keepAlive) {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    /** Reads a response head; interim 1xx answers are skipped. Throws EOFException if nothing came at all. */
    static UpstreamResponse read(UpstreamInput in, boolean headRequest) throws IOException {
        while (true) {
            String statusLine = line(in, true);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.1 answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            List<String[]> headers = new ArrayList<>();
            long length = -1;
            boolean chunked = false;
            boolean keepAlive = parts[0].equals("HTTP/1.1");
            for (String line = line(in, false); !line.isEmpty(); line = line(in, false)) {
                int colon = line.indexOf(':');
                if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                    throw new IOException("bad header line from the service: " + line);
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    keepAlive = !value.equalsIgnoreCase("close") && (keepAlive || value.equalsIgnoreCase("keep-alive"));
                }
                headers.add(new String[]{name, value});
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            boolean noBody = headRequest || status == 204 || status == 304;
            if (noBody) {
                length = 0;
                chunked = false;
            } else if (!chunked && length < 0) {
                keepAlive = false; // the body ends when the service closes the connection
            }
            return new UpstreamResponse(status, parts.length > 2 ? parts[2] : "", headers, length, chunked, keepAlive);
        }
    }

    private static String line(UpstreamInput in, boolean first) throws IOException {
        String line = in.readLine(MAX_LINE); // a read time-out goes through as it is: it becomes 504
        if (line == null) {
            if (first) {
                throw new EOFException("the service closed the connection without answering");
            }
            throw new IOException("the service's answer ended in its head");
        }
        return line;
    }
}
