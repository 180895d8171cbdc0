package org.jwsgi.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GET on 127.0.0.1 over a plain socket, answering only the status code: what the harness
 * polls to know that a server is up. A raw socket rather than {@code java.net.http.HttpClient}
 * keeps the client's own start-up out of the measured start-up time.
 *
 * <pre>{@code
 * int status = HttpProbe.status(8080, "/hello", Duration.ofSeconds(1)); // 200
 * }</pre>
 */
final class HttpProbe {

    /** 127.0.0.1, without a name lookup. */
    static final InetAddress LOOPBACK = loopback();

    /** Longest status line read; a longer one is not HTTP. */
    private static final int MAX_STATUS_LINE = 1024;

    private HttpProbe() {
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("four bytes are a valid address", e);
        }
    }

    /**
     * Sends {@code GET target} with {@code Connection: close} and returns the response's status.
     *
     * @param timeout bounds the connect and each read
     * @throws IOException if nothing listens, the server is silent for {@code timeout}, or the
     *     answer is not an HTTP/1.x status line
     */
    static int status(int port, String target, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = statusLine(new BufferedInputStream(socket.getInputStream()));
            // "HTTP/1.1 200 OK": the code is the three digits after the first space
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new IOException("not an HTTP status line: \"" + line + "\"");
            }
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status line: \"" + line + "\"", e);
            }
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed before a status line (read \"" + line + "\")");
            }
            if (line.length() == MAX_STATUS_LINE) {
                throw new IOException("status line longer than " + MAX_STATUS_LINE + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
