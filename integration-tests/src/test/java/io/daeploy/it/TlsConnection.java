package io.daeploy.it;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One kept-alive HTTPS connection to 127.0.0.1 that verifies the server's certificate for a host name that does not
 * resolve here (as a browser would for the manager's public name): the name is given for SNI and for the check.
 */
final class TlsConnection implements AutoCloseable {

    private final SSLSocket socket;
    private final String hostName;

    TlsConnection(SSLContext trust, String hostName, int port) throws IOException {
        this.hostName = hostName;
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(15000);
        socket = (SSLSocket) trust.getSocketFactory().createSocket(plain, hostName, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // verification on: the name must be the certificate's
        parameters.setServerNames(List.of(new SNIHostName(hostName)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
    }

    /** The certificate the server presented on this connection. */
    X509Certificate certificate() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** A GET on this connection; the answer's head and body as text (Content-Length framed). */
    String get(String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostName + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return headText + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
