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
import java.util.ArrayList;
import java.util.List;
import org.jwsgi.RawResponse;

/**
 * Runs one {@link BadCase} on a fresh connection and checks what came back against the pinned
 * {@link Outcome}: the statuses in order, then either the end of the stream with nothing more
 * (no second response, whatever was smuggled) or, for a connection that stays open, a follow-up
 * request served on it; then the application's calls for that connection.
 */
final class CaseRun {

    /** Bounds every read: a server that neither answers nor closes fails the case, never hangs it. */
    static final int READ_TIMEOUT_MILLIS = 5_000;

    /** For an outcome that {@link Outcome.End#WAITS}: how long the silence must last. */
    static final int WAIT_MILLIS = 1_000;

    private static final byte[] FOLLOW_UP = "GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(ISO_8859_1);

    private CaseRun() {
    }

    static void check(BadCase c, String backend, URI server, CountingApp app) throws IOException {
        Outcome want = c.expectedOn(backend);
        List<Integer> statuses = new ArrayList<>();
        String firstBody = null;
        String end;
        int port;
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            port = socket.getLocalPort();
            socket.setSoTimeout(want.end() == Outcome.End.WAITS ? WAIT_MILLIS : READ_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] bytes = c.bytes();
            if (bytes.length > 0) {
                out.write(bytes);
                out.flush();
            }
            if (c.halfClose()) {
                socket.shutdownOutput();
            }
            try {
                for (int i = 0; i < want.statuses().size(); i++) {
                    RawResponse r = response(in);
                    statuses.add(r == null ? Outcome.NOT_HTTP11 : r.status());
                    if (r == null) {
                        firstBody = new String(in.readAllBytes(), ISO_8859_1); // to the end: 0.9 has no framing
                        break;
                    }
                    firstBody = firstBody == null ? r.text() : firstBody;
                }
                end = want.end() == Outcome.End.STAYS_OPEN ? followUp(in, out) : rest(in);
            } catch (SocketTimeoutException e) {
                end = Outcome.End.WAITS.name();
            } catch (IOException e) {
                end = "closed: " + e.getMessage();
            }
        }
        CountingApp.Counts counts = app.take(port);
        int calls = counts.calls().get() - (end.equals(Outcome.End.STAYS_OPEN.name()) ? 1 : 0); // not the follow-up
        String seen = statuses + ", " + end + ", app called " + calls
                + (counts.inputErrors().get() > 0 ? ", wsgi.input raised" : "");
        String because = c.name() + " (" + c.rule() + ") on " + backend + ": saw " + seen + "; first body: " + firstBody;
        assertThat(statuses).as(because).isEqualTo(want.statuses());
        assertThat(end).as(because).isEqualTo(want.end().name());
        assertThat(calls).as(because).isEqualTo(want.calls());
        if (want.inputRaises() != null) {
            assertThat(counts.inputErrors().get() > 0).as(because).isEqualTo(want.inputRaises());
        }
        if (want.says() != null) {
            assertThat(firstBody).as(because).contains(want.says());
        }
        if (!statuses.isEmpty() && statuses.get(0) >= 400 && firstBody != null) {
            // the bundled server's plain error page on every backend: no container's HTML report,
            // which would carry the exception's stack trace and the server's version
            assertThat(firstBody).as(because).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
        }
    }

    /** The next response, or null if what comes is not an HTTP/1.x status line (an HTTP/0.9 reply). */
    static RawResponse response(InputStream in) throws IOException {
        in.mark(8);
        byte[] start = in.readNBytes(7);
        in.reset();
        if (start.length > 0 && !new String(start, ISO_8859_1).equals("HTTP/1.".substring(0, start.length))) {
            return null;
        }
        return RawResponse.read(in, false);
    }

    /** "closed" if the stream ends (or is reset) with no further byte; else what followed. */
    private static String rest(InputStream in) throws IOException {
        byte[] more;
        try {
            more = in.readNBytes(512);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return Outcome.End.CLOSES.name(); // a reset after the response: still nothing more
        }
        return more.length == 0 ? Outcome.End.CLOSES.name() : "more bytes after the response(s): "
                + new String(more, ISO_8859_1).replace("\r\n", "\\r\\n");
    }

    /** "open" if a follow-up request on the same connection is served by the application. */
    private static String followUp(InputStream in, OutputStream out) throws IOException {
        out.write(FOLLOW_UP);
        out.flush();
        RawResponse r = RawResponse.read(in, false);
        return r.status() == 200 && r.text().contains("PATH_INFO=/next") ? Outcome.End.STAYS_OPEN.name()
                : "follow-up answered " + r.status() + ": " + r.text();
    }
}
