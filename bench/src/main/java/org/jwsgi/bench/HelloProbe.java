package org.jwsgi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Times sequential {@code GET /hello} requests from a blocking client, each from the first byte
 * sent (or the connect) to the last byte of the response, and checks that each one is a complete
 * {@code 200 Hello, World!}.
 *
 * <pre>{@code
 * Latencies fresh = Latencies.of(HelloProbe.newConnections(port, 1000, Duration.ofSeconds(10)));
 * }</pre>
 */
final class HelloProbe {

    private HelloProbe() {
    }

    /** The request the measuring clients send; keep-alive is HTTP/1.1's default. */
    static byte[] request(int port) {
        return ("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code count} requests, each on a new connection that the client closes after the response.
     *
     * @param timeout the bound on the connect and on each read
     * @return each request's time in nanoseconds, connect included
     */
    static long[] newConnections(int port, int count, Duration timeout) throws IOException {
        byte[] request = request(port);
        byte[] buf = new byte[8192];
        HttpResponseReader reader = new HttpResponseReader();
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (Socket socket = connect(port, timeout)) {
                exchange(socket, request, buf, reader);
            }
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /**
     * {@code count} requests on one new keep-alive connection. A server that closes it after some
     * requests (Tomcat's maxKeepAliveRequests, 100) costs the next request a new connection, as it
     * would cost a real client.
     *
     * @return each request's time in nanoseconds
     */
    static long[] keepAlive(int port, int count, Duration timeout) throws IOException {
        byte[] request = request(port);
        byte[] buf = new byte[8192];
        HttpResponseReader reader = new HttpResponseReader();
        long[] nanos = new long[count];
        Socket socket = connect(port, timeout);
        try {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                if (socket == null) {
                    socket = connect(port, timeout);
                }
                exchange(socket, request, buf, reader);
                nanos[i] = System.nanoTime() - start;
                if (!reader.keepAlive()) {
                    socket.close();
                    socket = null;
                }
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        return nanos;
    }

    private static Socket connect(int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void exchange(Socket socket, byte[] request, byte[] buf, HttpResponseReader reader)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(request);
        out.flush();
        reader.reset();
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                if (reader.endOfStream()) {
                    break;
                }
                throw new ProtocolException("the server closed the connection before the end of the response");
            }
            ByteBuffer bytes = ByteBuffer.wrap(buf, 0, n);
            if (reader.feed(bytes)) {
                if (bytes.hasRemaining()) {
                    throw new ProtocolException("bytes after the end of the response");
                }
                break;
            }
        }
        if (reader.status() != 200 || !reader.bodyStart().equals("Hello, World!")) {
            throw new ProtocolException("not 200 Hello, World!: " + reader.status() + " " + reader.bodyStart());
        }
    }
}
