package org.jwsgi.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.TlsEnviron;
import org.jwsgi.options.ServerOptions;

/**
 * TLS between a connection's socket and the HTTP layer: a {@link Transport} over another one
 * (the {@link Connection}) that decrypts in {@link #readNow} and {@link #read} and encrypts in
 * {@link #write}, with one JSSE {@link SSLEngine} per connection. The HTTP layer sees plain bytes
 * and does not know TLS is there, save for the environ keys of {@link #addTo}.
 *
 * <ul>
 *   <li>The handshake advances in {@link #readNow}, with what has arrived and without waiting for
 *       the client, so it runs on the event loop like a request head and shares its bound: the
 *       HTTP layer closes a connection with no complete head {@code headerReadTimeout} after the
 *       accept, handshake or not. Its writes (the server's flight) may wait, as any write.</li>
 *   <li>A first byte that is an ASCII capital (a request line, not a TLS record) gets a
 *       {@code 400} in clear text, as nginx answers "plain HTTP request was sent to HTTPS port";
 *       then FIN, and what the client still sends is dropped unread until it closes,
 *       {@code lingerTimeout} passes, or the connection's head deadline ends it.</li>
 *   <li>A handshake that fails (a TLS 1.1 hello, a client certificate from another CA, garbage)
 *       sends JSSE's alert, then the connection ends with the {@link SSLException}.</li>
 *   <li>Decrypted bytes not yet read stay here; {@link #buffered()} tells the HTTP layer, which
 *       waits for the socket only when none are left, since the socket would not wake it for them.</li>
 *   <li>A lingering close sends {@code close_notify}, then FIN.</li>
 * </ul>
 *
 * <p>One thread at a time uses a connection (the socket layer's rule), so the engine and the
 * buffers need no locks.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Encrypted records gathered before one socket write: fewer system calls for large bodies. */
    private static final int RECORDS_PER_WRITE = 4;

    private final Transport plain;
    private final SSLEngine engine;
    private final ServerOptions options;
    private final ServerWatch watch;
    /** Encrypted bytes read but not yet decrypted (read mode: position..limit). */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet read by the HTTP layer (read mode). */
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean begun;
    private boolean handshaken;
    private boolean inboundDone;
    private boolean closeNotified;
    /** A plain HTTP request was answered: what comes is dropped unread until {@link #discardUntil}. */
    private boolean discarding;
    private long discardUntil;
    private Map<String, Object> environ = Map.of();

    TlsTransport(Transport plain, SSLEngine engine, ServerOptions options, ServerWatch watch) {
        this.plain = plain;
        this.engine = engine;
        this.options = options;
        this.watch = watch;
    }

    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        return pull(dst, false, 0);
    }

    @Override
    public int read(ByteBuffer dst, long deadline) throws IOException {
        return pull(dst, true, deadline);
    }

    /** Decrypted bytes waiting here, and encrypted ones not yet decrypted (a pipelined request's record). */
    @Override
    public int buffered() {
        return (appIn == null ? 0 : appIn.remaining()) + (netIn == null || discarding ? 0 : netIn.remaining());
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

    /** Sends {@code close_notify}, then FIN. */
    @Override
    public void shutdownOutput() throws IOException {
        closeNotify();
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

    // ---------------------------------------------------------------- reading

    /**
     * Decrypts into {@code dst}, advancing the handshake first if it is not done. Without
     * {@code wait}, reads only what has arrived and returns 0 when that makes nothing yet; with
     * it, waits for the client until {@code deadline} and returns at least one byte.
     */
    private int pull(ByteBuffer dst, boolean wait, long deadline) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (discarding) {
            return discard();
        }
        while (true) {
            if (!handshaken) {
                if (inboundDone) {
                    return -1;
                }
                if (!handshakeStep()) {
                    if (discarding) {
                        return discard();
                    }
                    int n = fillNet(wait, deadline);
                    if (n < 0) {
                        if (!begun) {
                            inboundDone = true; // connected and closed: a port scan, a check of the TCP port
                            return -1;
                        }
                        throw new EOFException("the client closed the connection during the TLS handshake");
                    }
                    if (n == 0) {
                        return 0;
                    }
                    continue;
                }
            }
            if (appIn != null && appIn.hasRemaining()) {
                int n = Math.min(dst.remaining(), appIn.remaining());
                int limit = appIn.limit();
                appIn.limit(appIn.position() + n);
                dst.put(appIn);
                appIn.limit(limit);
                return n;
            }
            if (inboundDone) {
                return -1;
            }
            if (netIn != null && netIn.hasRemaining()) {
                SSLEngineResult r = unwrap();
                switch (r.getStatus()) {
                    case OK -> {
                        afterRecord(r.getHandshakeStatus());
                        continue;
                    }
                    case CLOSED -> {
                        inboundDone = true; // close_notify: ours goes out when the connection closes
                        continue;
                    }
                    case BUFFER_OVERFLOW -> {
                        continue; // appIn was enlarged: unwrap again
                    }
                    case BUFFER_UNDERFLOW -> {
                        // a partial record: read more below
                    }
                }
            }
            int n = fillNet(wait, deadline);
            if (n < 0) {
                inboundDone = true; // closed without close_notify: to HTTP, the end of the stream
            } else if (n == 0) {
                return 0;
            }
        }
    }

    /**
     * Advances the handshake with the encrypted bytes here; true once it is done, false when it
     * needs more from the client (or the request was plain HTTP, answered: {@link #discarding}).
     */
    private boolean handshakeStep() throws IOException {
        if (!begun) {
            if (netIn == null || !netIn.hasRemaining()) {
                return false;
            }
            byte first = netIn.get(netIn.position());
            if (first >= 'A' && first <= 'Z') {
                answerPlainHttp();
                return false;
            }
            begun = true;
            engine.beginHandshake();
        }
        try {
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NOT_HANDSHAKING, FINISHED -> {
                        handshaken = true;
                        environ = describe(engine.getSession());
                        return true;
                    }
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrapHandshake();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (netIn == null || !netIn.hasRemaining()) {
                            return false;
                        }
                        SSLEngineResult r = unwrap();
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            return false;
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

    /** Reads more encrypted bytes into netIn: waiting until {@code deadline}, or only what has arrived. */
    private int fillNet(boolean wait, long deadline) throws IOException {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        }
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                ByteBuffer larger = ByteBuffer.allocate(netIn.capacity() + engine.getSession().getPacketBufferSize());
                netIn.flip();
                larger.put(netIn);
                netIn = larger;
            }
            return wait ? plain.read(netIn, deadline) : plain.readNow(netIn);
        } finally {
            netIn.flip();
        }
    }

    private SSLEngineResult unwrap() throws IOException {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        }
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

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    /** After a plain HTTP request was answered: drops what arrived; -1 once the client closed or lingerTimeout passed. */
    private int discard() throws IOException {
        if (netIn != null) {
            netIn.clear().flip();
        }
        ByteBuffer sink = ByteBuffer.allocate(1024);
        int n;
        while ((n = plain.readNow(sink.clear())) > 0) {
            // dropped unread
        }
        return n < 0 || System.nanoTime() - discardUntil >= 0 ? -1 : 0;
    }

    /**
     * A request line on the TLS port: answer 400 in clear text, so a user who typed http:// sees
     * why, then close the way every refused request closes (FIN, then what the client still sends
     * is dropped for up to lingerTimeout, so a reset cannot destroy the answer).
     */
    private void answerPlainHttp() throws IOException {
        byte[] body = ErrorPage.body(400, "This port speaks HTTPS: a plain HTTP request was sent to it. Use https://.");
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: " + ErrorPage.CONTENT_TYPE + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\nServer: " + options.serverSoftware() + "\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.ISO_8859_1);
        plain.write(ByteBuffer.allocate(head8.length + body.length).put(head8).put(body).flip());
        // refused before any request head: logged and evented like the HTTP layer's own refusals
        watch.refused(new RequestRecord(System.currentTimeMillis(), 0, plain.remoteAddress().getAddress().getHostAddress(),
                "", "", "", 400, 0, body.length, null, null, ServerWatch.BACKEND, watch.threading(),
                Long.toString(plain.id()), null, null, null, false), null, "plain HTTP request on the TLS port");
        plain.shutdownOutput();
        discarding = true;
        discardUntil = System.nanoTime() + options.lingerTimeout().toNanos();
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

    // ---------------------------------------------------------------- writing

    /** Encrypts and sends all of {@code srcs}: a gathering write (head and body) becomes as few records as fit. */
    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        if (!handshaken || closeNotified) {
            throw new ClosedChannelException();
        }
        ensureNetOut();
        int packet = engine.getSession().getPacketBufferSize();
        while (remaining(srcs)) {
            netOut.clear();
            do {
                SSLEngineResult r = engine.wrap(srcs, netOut);
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
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    // a renegotiation wants the client's bytes first; jwsgi does not renegotiate
                    throw new SSLException("TLS renegotiation while writing a response; connection closed");
                }
            } while (remaining(srcs) && netOut.remaining() >= packet);
            netOut.flip();
            plain.write(netOut);
        }
    }

    /** Reads the file and sends it encrypted: no zero-copy through TLS. */
    @Override
    public long transfer(FileBody file, long offset, long count) throws IOException {
        return file.transferTo(new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = src.remaining();
                TlsTransport.this.write(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return !closeNotified;
            }

            @Override
            public void close() {
                // the transport closes the connection
            }
        }, offset, count);
    }

    private static boolean remaining(ByteBuffer[] srcs) {
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
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
        plain.write(netOut);
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
                plain.write(netOut);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the alert is a courtesy; the connection closes either way
        }
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
        plain.write(netOut);
    }

    private void ensureNetOut() {
        if (netOut == null) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * RECORDS_PER_WRITE);
        }
    }
}
