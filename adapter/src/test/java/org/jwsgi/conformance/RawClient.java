package org.jwsgi.conformance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.SSLSocket;
import org.jwsgi.RawResponse;
import org.jwsgi.TestPki;

/** Sends exact request bytes on a fresh connection and reads one response back, strictly framed. */
final class RawClient implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    final BufferedInputStream in;
    final OutputStream out;

    RawClient(URI server) throws IOException {
        socket = connect(server);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A socket to {@code server}: over TLS (trusting the test CA, handshake done) for an https URI. */
    static Socket connect(URI server) throws IOException {
        if (!"https".equals(server.getScheme())) {
            return new Socket(server.getHost(), server.getPort());
        }
        SSLSocket tls = (SSLSocket) TestPki.get().clientContext().getSocketFactory()
                .createSocket(server.getHost(), server.getPort());
        tls.setSoTimeout(TIMEOUT_MILLIS);
        tls.startHandshake();
        return tls;
    }

    /** One request, written as ISO-8859-1 bytes ({@code \n} is not rewritten: write {@code \r\n}). */
    static RawResponse exchange(URI server, String request) throws IOException {
        try (RawClient c = new RawClient(server)) {
            c.send(request);
            return RawResponse.read(c.in, request.startsWith("HEAD "));
        }
    }

    /**
     * Sends {@code head}, waits for the interim {@code 100 Continue} (or a final answer: then the
     * body is never sent), sends {@code body} and reads the final response.
     */
    static RawResponse exchangeExpectingContinue(URI server, String head, String body) throws IOException {
        try (RawClient c = new RawClient(server)) {
            c.send(head);
            c.in.mark(256);
            String first = c.line();
            if (first != null && first.startsWith("HTTP/1.1 100")) {
                while (!c.line().isEmpty()) {
                    // skip the interim response's headers
                }
                c.send(body);
            } else {
                c.in.reset();
            }
            return RawResponse.read(c.in, false);
        }
    }

    void send(String bytes) throws IOException {
        out.write(bytes.getBytes(ISO_8859_1));
        out.flush();
    }

    /** A line without its CRLF, or null at the end of the stream. */
    String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** Reads exactly {@code n} bytes, or fewer if the stream ends first. */
    byte[] read(int n) throws IOException {
        return in.readNBytes(n);
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
