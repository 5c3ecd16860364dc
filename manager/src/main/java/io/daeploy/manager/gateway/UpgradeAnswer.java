package io.daeploy.manager.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The head of a service's answer to an upgrade request, read byte by byte so that nothing after it (the first frames
 * of the new protocol) is taken from the stream. An answer that is not HTTP/1.x is an {@link IOException} (a 502).
 *
 * @param headers name and value pairs in the order received
 */
record UpgradeAnswer(int status, List<String[]> headers) {

    private static final int MAX_HEAD = 64 * 1024;

    static UpgradeAnswer read(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD};
        String statusLine = line(in, budget);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
                || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new IOException("not an HTTP/1.1 status line: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + printable(statusLine));
        }
        List<String[]> headers = new ArrayList<>();
        for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(colon - 1))) {
                throw new IOException("malformed header line: " + printable(line));
            }
            headers.add(new String[]{line.substring(0, colon), line.substring(colon + 1).trim()});
        }
        return new UpgradeAnswer(status, headers);
    }

    /** The body is chunked when Transfer-Encoding says so last. */
    boolean chunked() {
        String last = null;
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase("Transfer-Encoding")) {
                last = header[1];
            }
        }
        return last != null && last.toLowerCase(Locale.ROOT).trim().endsWith("chunked");
    }

    /** The declared Content-Length, or -1 (the body then ends with the connection). */
    long contentLength() throws IOException {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase("Content-Length")) {
                try {
                    return Long.parseLong(header[1].trim());
                } catch (NumberFormatException e) {
                    throw new IOException("Content-Length is not a number: " + printable(header[1]));
                }
            }
        }
        return -1;
    }

    /** The header names (lower case) the answer's Connection header nominates. */
    Set<String> nominated() {
        Set<String> names = new HashSet<>();
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase("Connection")) {
                for (String token : header[1].split(",")) {
                    names.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the service closed the connection before its answer's head ended");
            }
            if (--budget[0] < 0) {
                throw new IOException("the answer's head is larger than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
