package org.jwsgi.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.TlsEnviron;
import org.jwsgi.options.ServerOptions;

/**
 * TLS between a connection's socket and the HTTP layer: a {@link Transport} over another one,
 * whose {@link #input()} decrypts what the plain transport reads and whose {@link #output()}
 * encrypts what the HTTP layer writes, with one JSSE {@link SSLEngine} per connection. The HTTP
 * layer sees plain bytes and does not know TLS is there, save for the environ keys of
 * {@link #addTo}.
 *
 * <ul>
 *   <li>The handshake runs at the first read, within {@code headerReadTimeout} of the accept
 *       however the client trickles its bytes: it counts against the time for the first head.</li>
 *   <li>A first byte that is an ASCII capital (a request line, not a TLS record) gets a
 *       {@code 400} in clear text, as nginx answers "plain HTTP request was sent to HTTPS port".</li>
 *   <li>A handshake that fails (a TLS 1.1 hello, a client certificate from another CA, garbage)
 *       sends JSSE's alert, then the connection ends with the {@link SSLException}.</li>
 *   <li>Decrypted bytes not yet read stay in this object; {@link #resumeWhenReadable} refuses to
 *       park the connection while any are left, since the socket would never wake it for them.</li>
 *   <li>A lingering close sends {@code close_notify}, then discards what the client still sends
 *       without decrypting it.</li>
 * </ul>
 *
 * <p>One thread at a time uses a connection (the server's rule), so the engine and the buffers
 * need no locks. The buffers are dropped while the connection is parked.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Encrypted records gathered before one socket write: fewer system calls for large bodies. */
    private static final int RECORDS_PER_WRITE = 4;

    private final Transport plain;
    private final SSLEngine engine;
    private final ServerOptions options;
    private final ServerWatch watch;
    private final long handshakeDeadline;
    private final Input input = new Input();
    private final Output output = new Output();
    private InputStream rawIn;
    private WritableByteChannel rawOut;
    /** Encrypted bytes read but not yet decrypted (read mode: position..limit). */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet read by the HTTP layer (read mode). */
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private int readTimeout;
    private boolean handshaken;
    private boolean inboundDone;
    private boolean lingering;
    private boolean closeNotified;
    private Map<String, Object> environ = Map.of();

    TlsTransport(Transport plain, SSLEngine engine, ServerOptions options, ServerWatch watch) {
        this.plain = plain;
        this.engine = engine;
        this.options = options;
        this.watch = watch;
        this.handshakeDeadline = System.nanoTime() + options.headerReadTimeout().toNanos();
    }

    @Override
    public InputStream input() throws IOException {
        if (rawIn == null) {
            rawIn = plain.input();
            rawOut = plain.output();
        }
        return input;
    }

    @Override
    public WritableByteChannel output() {
        rawOut = plain.output();
        return output;
    }

    @Override
    public boolean secure() {
        return true;
    }

    @Override
    public long id() {
        return plain.id(); // the access log's and the JFR events' connection id
    }

    /** The TLS keys of this connection's requests: HTTPS, SSL_PROTOCOL, SSL_CIPHER, SSL_CLIENT_*. */
    @Override
    public void addTo(Map<String, Object> env) {
        env.putAll(environ);
    }

    @Override
    public void readTimeout(int millis) throws IOException {
        readTimeout = millis;
        plain.readTimeout(millis);
    }

    @Override
    public boolean idle(boolean idle) {
        return plain.idle(idle);
    }

    /** Refused while decrypted bytes wait here: parked, the connection would wait for the socket instead. */
    @Override
    public boolean resumeWhenReadable(Duration timeout) {
        if (lingering || appIn != null && appIn.hasRemaining()) {
            return false;
        }
        if (!plain.resumeWhenReadable(timeout)) {
            return false;
        }
        // an idle connection keeps only a partial record, if any
        if (netIn != null && !netIn.hasRemaining()) {
            netIn = null;
        }
        appIn = null;
        netOut = null;
        return true;
    }

    @Override
    public void writing(boolean writing) {
        plain.writing(writing);
    }

    /** Sends {@code close_notify}, then FIN; later reads discard what arrives, undecrypted. */
    @Override
    public void shutdownOutput() throws IOException {
        closeNotify();
        lingering = true;
        plain.shutdownOutput();
    }

    @Override
    public boolean stopping() {
        return plain.stopping();
    }

    /** A reset, without {@code close_notify}: a cut response must not look complete. */
    @Override
    public void abort() {
        plain.abort();
    }

    @Override
    public void close() {
        try {
            closeNotify();
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        }
        plain.close();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return plain.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return plain.localAddress();
    }

    @Override
    public String toString() {
        return plain + " (TLS)";
    }

    private void closeNotify() throws IOException {
        if (!handshaken || closeNotified) {
            return;
        }
        closeNotified = true;
        engine.closeOutbound();
        ensureNetOut();
        netOut.clear();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = engine.wrap(EMPTY, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        netOut.flip();
        flushNet();
    }

    // ---------------------------------------------------------------- the handshake

    /** Runs the handshake; false if the client closed first or spoke plain HTTP (answered). */
    private boolean handshake() throws IOException {
        ensureNetIn();
        if (!readNet(true)) {
            return false; // connected and closed: a port scan, a health check of the TCP port
        }
        byte first = netIn.get(netIn.position());
        if (first >= 'A' && first <= 'Z') {
            answerPlainHttp();
            return false;
        }
        try {
            engine.beginHandshake();
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    case NOT_HANDSHAKING, FINISHED -> {
                        handshaken = true;
                        environ = describe(engine.getSession());
                        return true;
                    }
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrapHandshake();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        SSLEngineResult r = unwrap();
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !readNet(true)) {
                            throw new EOFException("the client closed the connection during the TLS handshake");
                        }
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLHandshakeException("the client closed TLS during the handshake");
                        }
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert(); // protocol_version, bad_certificate...: the client learns why
            throw e;
        }
    }

    private void wrapHandshake() throws IOException {
        ensureNetOut();
        netOut.clear();
        SSLEngineResult r = engine.wrap(EMPTY, netOut);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(netOut.capacity() * 2);
            return;
        }
        netOut.flip();
        flushNet();
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLHandshakeException("TLS handshake failed (the alert was sent)");
        }
    }

    /** After a failed handshake, JSSE holds an alert to send: send it, ignoring a client already gone. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            ensureNetOut();
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(EMPTY, netOut);
                netOut.flip();
                flushNet();
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the alert is a courtesy; the connection closes either way
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    /** Handles what the engine asks after a record (a TLS 1.3 key update, a session ticket). */
    private void afterRecord(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
            status = engine.getHandshakeStatus();
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            wrapHandshake();
        }
    }

    /**
     * A request line on the TLS port: answer 400 in clear text, so a user who typed http:// sees
     * why, then close the way every refused request closes (FIN, then the rest of what it sends
     * is read and dropped for up to lingerTimeout, so a reset cannot destroy the answer).
     */
    private void answerPlainHttp() throws IOException {
        byte[] body = ErrorPage.body(400, "This port speaks HTTPS: a plain HTTP request was sent to it. Use https://.");
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: " + ErrorPage.CONTENT_TYPE + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\nServer: " + options.serverSoftware() + "\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(head8.length + body.length).put(head8).put(body).flip();
        plain.writing(true);
        try {
            while (out.hasRemaining()) {
                rawOut.write(out);
            }
        } finally {
            plain.writing(false);
        }
        // refused before any request head: logged and evented like the HTTP layer's own refusals
        watch.refused(new RequestRecord(System.currentTimeMillis(), 0, plain.remoteAddress().getAddress().getHostAddress(),
                "", "", "", 400, 0, body.length, null, null, ServerWatch.BACKEND, watch.threading(),
                Long.toString(plain.id()), null, null, null, false), null, "plain HTTP request on the TLS port");
        plain.shutdownOutput();
        long deadline = System.nanoTime() + options.lingerTimeout().toNanos();
        byte[] sink = new byte[1024];
        try {
            for (long left = options.lingerTimeout().toNanos(); left > 0; left = deadline - System.nanoTime()) {
                plain.readTimeout((int) Math.max(1, left / 1_000_000));
                if (rawIn.read(sink, 0, sink.length) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // timed out or reset: the answer has had its chance
        }
        inboundDone = true;
    }

    private Map<String, Object> describe(SSLSession session) {
        X509Certificate[] chain = null;
        try {
            Certificate[] peer = session.getPeerCertificates();
            chain = Arrays.copyOf(peer, peer.length, X509Certificate[].class);
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate: SSL_CLIENT_VERIFY NONE
        }
        return TlsEnviron.of(session.getProtocol(), session.getCipherSuite(), chain);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads more encrypted bytes into netIn; false at the end of the stream. During the handshake
     * each read waits no longer than what is left of headerReadTimeout since the accept.
     */
    private boolean readNet(boolean handshaking) throws IOException {
        ensureNetIn();
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                ByteBuffer larger = ByteBuffer.allocate(netIn.capacity() + engine.getSession().getPacketBufferSize());
                netIn.flip();
                larger.put(netIn);
                netIn = larger;
            }
            if (handshaking) {
                long left = handshakeDeadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("TLS handshake not completed within headerReadTimeout="
                            + Durations.text(options.headerReadTimeout()));
                }
                int bound = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
                plain.readTimeout(readTimeout > 0 ? Math.min(readTimeout, bound) : bound);
            }
            int n;
            try {
                n = rawIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            } finally {
                if (handshaking) {
                    plain.readTimeout(readTimeout);
                }
            }
            if (n < 0) {
                return false;
            }
            netIn.position(netIn.position() + n);
            return true;
        } finally {
            netIn.flip();
        }
    }

    private SSLEngineResult unwrap() throws IOException {
        ensureAppIn();
        appIn.compact();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            ByteBuffer larger = ByteBuffer.allocate(appIn.remaining() + engine.getSession().getApplicationBufferSize());
            larger.put(appIn).flip();
            appIn = larger;
        }
        return r;
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (lingering) {
            return rawIn.read(b, off, len); // after close_notify: what still comes is dropped unread
        }
        if (!handshaken && !inboundDone && !handshake()) {
            inboundDone = true;
        }
        while (true) {
            if (appIn != null && appIn.hasRemaining()) {
                int n = Math.min(len, appIn.remaining());
                appIn.get(b, off, n);
                return n;
            }
            if (inboundDone) {
                return -1;
            }
            ensureNetIn();
            if (!netIn.hasRemaining()) {
                if (!readNet(false)) {
                    inboundDone = true; // closed without close_notify: to HTTP, the end of the stream
                }
                continue;
            }
            SSLEngineResult r = unwrap();
            switch (r.getStatus()) {
                case OK -> afterRecord(r.getHandshakeStatus());
                case CLOSED -> inboundDone = true; // close_notify: ours goes out when the connection closes
                case BUFFER_UNDERFLOW -> {
                    if (!readNet(false)) {
                        inboundDone = true;
                    }
                }
                case BUFFER_OVERFLOW -> {
                    // appIn was enlarged: unwrap again
                }
            }
        }
    }

    private void ensureNetIn() {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        }
    }

    private void ensureAppIn() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        }
    }

    private void ensureNetOut() {
        if (netOut == null) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * RECORDS_PER_WRITE);
        }
    }

    /** Writes netOut (read mode) to the socket, under the write watchdog. */
    private void flushNet() throws IOException {
        plain.writing(true);
        try {
            while (netOut.hasRemaining()) {
                rawOut.write(netOut);
            }
        } finally {
            plain.writing(false);
        }
    }

    private final class Input extends InputStream {

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return TlsTransport.this.read(b, off, len);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int available() {
            return appIn == null ? 0 : appIn.remaining();
        }
    }

    /** Encrypts the HTTP layer's writes; a gathering write (head and body) becomes as few records as fit. */
    private final class Output implements GatheringByteChannel {

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (!handshaken || closeNotified) {
                throw new ClosedChannelException();
            }
            ensureNetOut();
            int packet = engine.getSession().getPacketBufferSize();
            long total = 0;
            while (remaining(srcs, offset, length)) {
                netOut.clear();
                do {
                    SSLEngineResult r = engine.wrap(srcs, offset, length, netOut);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        if (netOut.position() == 0) {
                            netOut = ByteBuffer.allocate(netOut.capacity() + packet);
                            continue;
                        }
                        break;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new ClosedChannelException();
                    }
                    total += r.bytesConsumed();
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                        // a renegotiation wants the client's bytes first; jwsgi does not renegotiate
                        throw new SSLException("TLS renegotiation while writing a response; connection closed");
                    }
                } while (remaining(srcs, offset, length) && netOut.remaining() >= packet);
                netOut.flip();
                flushNet();
            }
            return total;
        }

        private static boolean remaining(ByteBuffer[] srcs, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean isOpen() {
            return !closeNotified;
        }

        @Override
        public void close() {
            // the transport closes the connection
        }
    }
}
