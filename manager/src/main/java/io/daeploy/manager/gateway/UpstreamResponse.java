package io.daeploy.manager.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The head of a service's HTTP/1.1 answer, parsed from the connection, and how its body is framed.
 * Header bytes are kept as ISO-8859-1 so that whatever the service sent goes out unchanged, except the headers its
 * {@code Connection} header names, which are for this hop only (RFC 9110 §7.6.1). A head that breaks the protocol (a
 * status that is not three digits, a length that is not a number or is given twice differently) is an IOException:
 * the caller answers 502.
 *
 * @param bodiless an answer that has no body whatever its headers say: to HEAD, or 204, or 304
 */
record UpstreamResponse(int status, String reason, List<String[]> headers, long contentLength, boolean chunked,
                        boolean keepAlive, boolean bodiless) {

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
            int status = status(parts[1], statusLine);
            List<String[]> headers = new ArrayList<>();
            Set<String> nominated = new HashSet<>();
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
                    long declared = contentLength(value);
                    if (length >= 0 && declared != length) {
                        throw new IOException("the service sent two different Content-Length headers");
                    }
                    length = declared;
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    for (String token : value.split(",")) {
                        nominated.add(token.trim().toLowerCase(Locale.ROOT));
                    }
                }
                headers.add(new String[]{name, value});
            }
            if (!nominated.isEmpty()) {
                keepAlive = !nominated.contains("close") && (keepAlive || nominated.contains("keep-alive"));
                headers.removeIf(header -> nominated.contains(header[0].toLowerCase(Locale.ROOT)));
            }
            if (chunked && length >= 0) {
                length = -1; // Transfer-Encoding wins (RFC 9112 §6.3); such an answer ends this connection's use
                keepAlive = false;
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
            return new UpstreamResponse(status, parts.length > 2 ? parts[2] : "", headers, length, chunked, keepAlive, noBody);
        }
    }

    private static int status(String code, String statusLine) throws IOException {
        if (code.length() != 3 || !Character.isDigit(code.charAt(0)) || !Character.isDigit(code.charAt(1))
                || !Character.isDigit(code.charAt(2)) || code.charAt(0) == '0') {
            throw new IOException("not an HTTP status line from the service: " + statusLine);
        }
        return Integer.parseInt(code);
    }

    private static long contentLength(String value) throws IOException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new IOException("the service sent a Content-Length that is not a number: " + value);
        }
        return Long.parseLong(value);
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
