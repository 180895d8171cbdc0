package org.jwsgi.badinput;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jwsgi.RawResponse;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.ServedOptions;

/**
 * Clients that hold a connection by being slow: a head or body trickled a byte at a time, an idle
 * keep-alive connection, more connections than {@code maxConnections}. Timeouts are 500 ms
 * ({@link LimitCases#OPTIONS}); a client "waits" by polling its socket for the server's answer
 * every {@value #POLL_MILLIS} ms, never by sleeping. What Jetty and Tomcat do is pinned.
 */
class SlowClientTest {

    static final int POLL_MILLIS = 100;

    /** How long a client trickles before it gives up waiting to be cut off (4 timeouts). */
    static final Duration TRICKLE = LimitCases.TIMEOUT.multipliedBy(4);

    @ServedApp
    static final CountingApp APP = new CountingApp();

    @ServedOptions
    static final ServerOptions OPTIONS = LimitCases.OPTIONS;

    /** headerReadTimeout bounds the whole head, not each read: a byte every 100 ms does not keep it alive. */
    @EachBackend
    void cutsAHeadTrickledByteByByte(Backend backend, URI server) throws IOException {
        Map<String, String> pinned = Map.of("builtin", "408 before the head ended", // 408 names the option
                "jetty", "408 before the head ended", // HeadDeadlineConnectionFactory
                "tomcat", "200 after the head ended"); // connectionTimeout is per read
        try (Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\nX-Drip: ");
            InputStream in = new BufferedInputStream(s.getInputStream());
            long start = System.nanoTime();
            String seen = trickle(s, in, "d", "headerReadTimeout=500 ms");
            if (seen == null) {
                send(s, "\r\n\r\n");
                seen = RawResponse.read(in, false).status() + " after the head ended";
            } else if (seen.startsWith("408")) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TRICKLE);
            }
            assertThat(seen).isEqualTo(pinned.get(backend.name()));
        }
    }

    /**
     * minBodyRate: a body the app reads, trickled a byte every 100 ms (10 bytes/s, under the 240 of
     * minBodyRate), is cut after about bodyReadTimeout in all, not after bodyReadTimeout per byte.
     */
    @EachBackend
    void cutsABodyTrickledByteByByte(Backend backend, URI server) throws IOException {
        try (Socket s = connect(server)) {
            send(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nb");
            InputStream in = new BufferedInputStream(s.getInputStream());
            long start = System.nanoTime();
            String seen = trickle(s, in, "b", "minBodyRate=240 bytes/s");
            assertThat(seen).isEqualTo("408 before the body ended");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TRICKLE);
            assertThat(readOrReset(in)).as("the connection closes after the 408").isEqualTo(-1);
        }
    }

    /** A body the app left unread is drained within bodyReadTimeout in all, however slowly it comes. */
    @EachBackend
    void cutsTheDrainOfAnUnreadBodyTrickledByteByByte(Backend backend, URI server) throws IOException {
        Map<String, String> pinned = Map.of("builtin", "closed while trickling",
                "jetty", "closed while trickling", "tomcat", "still open after " + TRICKLE.toMillis() + " ms");
        try (Socket s = connect(server)) {
            send(s, "POST /noread HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nb");
            RawResponse r = RawResponse.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(200);
            String seen = trickleUntilClosed(s) ? "closed while trickling" : "still open after " + TRICKLE.toMillis() + " ms";
            assertThat(seen).isEqualTo(pinned.get(backend.name()));
        }
    }

    /** keepAliveTimeout closes a connection idle between requests; not at once. */
    @EachBackend
    void closesAnIdleKeepAliveConnection(Backend backend, URI server) throws IOException {
        try (Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(s.getInputStream());
            assertThat(RawResponse.read(in, false).status()).isEqualTo(200);
            long start = System.nanoTime();
            s.setSoTimeout(CaseRun.READ_TIMEOUT_MILLIS);
            assertThat(readOrReset(in)).as("nothing after the response").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(LimitCases.TIMEOUT.multipliedBy(8).dividedBy(10));
        }
    }

    /** Clients beyond maxConnections wait, and are served once idle connections time out. */
    @EachBackend
    void servesClientsBeyondMaxConnectionsOnceIdleOnesTimeOut(Backend backend) throws IOException {
        ServerOptions capped = OPTIONS.withMaxConnections(2).withKeepAliveTimeout(Duration.ofSeconds(1));
        try (RunningServer server = backend.start(APP, capped);
                Socket a = connect(server.uri()); Socket b = connect(server.uri()); Socket c = connect(server.uri())) {
            for (Socket held : new Socket[] {a, b}) {
                send(held, "GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(RawResponse.read(held.getInputStream(), false).status()).isEqualTo(200);
            }
            send(c, "GET /third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            InputStream in = new BufferedInputStream(c.getInputStream());
            c.setSoTimeout(3 * POLL_MILLIS);
            assertThat(answeredWithin(in)).as("the third client waits while two connections are open").isFalse();
            c.setSoTimeout(CaseRun.READ_TIMEOUT_MILLIS);
            RawResponse r = RawResponse.read(in, false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("PATH_INFO=/third");
        }
    }

    private static Socket connect(URI server) throws IOException {
        Socket s = new Socket(server.getHost(), server.getPort());
        s.setSoTimeout(CaseRun.READ_TIMEOUT_MILLIS);
        return s;
    }

    private static void send(Socket s, String bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes.getBytes(ISO_8859_1));
        out.flush();
    }

    /**
     * Sends {@code bytes} every poll until the server answers (whose body must name {@code option})
     * or closes (what it did), or TRICKLE passes (null).
     */
    private static String trickle(Socket s, InputStream in, String bytes, String option) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout(POLL_MILLIS);
        while (System.nanoTime() - start < TRICKLE.toNanos()) {
            int peek = peek(in);
            if (peek >= 0) {
                s.setSoTimeout(CaseRun.READ_TIMEOUT_MILLIS);
                RawResponse r = RawResponse.read(in, false);
                assertThat(r.text()).as("the answer names the option").contains(option);
                return r.status() + (bytes.equals("d") ? " before the head ended" : " before the body ended");
            }
            if (peek == -1) {
                return "closed without an answer before the head ended";
            }
            send(s, bytes);
        }
        s.setSoTimeout(CaseRun.READ_TIMEOUT_MILLIS);
        return null;
    }

    /** Sends a body byte every poll; whether the server closed the connection within TRICKLE. */
    private static boolean trickleUntilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        long deadline = System.nanoTime() + TRICKLE.toNanos();
        s.setSoTimeout(POLL_MILLIS);
        while (System.nanoTime() < deadline) {
            try {
                if (readOrReset(in) < 0) {
                    return true;
                }
                return false; // a byte after the response: no server sends one here
            } catch (SocketTimeoutException e) {
                try {
                    send(s, "b");
                } catch (IOException gone) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a byte of an answer arrives within the socket's timeout (left unread). */
    private static boolean answeredWithin(InputStream in) throws IOException {
        return peek(in) >= 0;
    }

    /** The next byte, left unread; -1 at the end of the stream (or a reset), -2 if none came within the timeout. */
    private static int peek(InputStream in) throws IOException {
        in.mark(1);
        try {
            int b = readOrReset(in);
            in.reset();
            return b;
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            return -1;
        }
    }
}
