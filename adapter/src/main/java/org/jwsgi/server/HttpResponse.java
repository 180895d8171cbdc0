package org.jwsgi.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.HttpDate;
import org.jwsgi.gateway.ResponseStarter;

/**
 * One response on the wire: chooses the framing when the headers go out, then writes the body
 * in it. The app's Content-Length is honoured exactly; a body of known size (an in-memory
 * collection, a file) gets one; otherwise chunked on HTTP/1.1 and close-delimited on HTTP/1.0.
 * 1xx, 204 and 304 get no body and no framing; HEAD gets GET's headers and no body.
 */
final class HttpResponse {

    private enum Framing { NONE, FIXED, CHUNKED, CLOSE }

    private static final byte[] CRLF = {'\r', '\n'};

    private final RequestHead request;
    private final BodyInput input;
    private final ResponseWriter out;
    private final boolean mayKeepAlive;
    private final BooleanSupplier stopping;
    private final long maxDrainBytes;
    private final String serverSoftware;
    private ResponseStarter starter;
    private Framing framing;
    private long remaining;
    private boolean committed;
    private boolean continueSent;
    private boolean keepAlive;
    private boolean overflow;
    private boolean broken;
    private boolean finished;
    private int status;
    private long bodyBytes;

    /**
     * @param mayKeepAlive whether the request and the threading model allow keep-alive
     * @param stopping asked when the headers go out: a stopping server closes after the response
     * @param maxDrainBytes the unread body the server would discard to keep the connection
     */
    HttpResponse(RequestHead request, BodyInput input, ResponseWriter out, boolean mayKeepAlive,
            BooleanSupplier stopping, long maxDrainBytes, String serverSoftware) {
        this.maxDrainBytes = maxDrainBytes;
        this.request = request;
        this.input = input;
        this.out = out;
        this.mayKeepAlive = mayKeepAlive;
        this.stopping = stopping;
        this.serverSoftware = serverSoftware;
    }

    void starter(ResponseStarter starter) {
        this.starter = starter;
    }

    boolean committed() {
        return committed;
    }

    /** Whether the connection may serve another request after this response. */
    boolean keepAlive() {
        return keepAlive && !overflow && !broken;
    }

    /** Whether writing to the client failed: it is gone, nothing more can be said to it. */
    boolean broken() {
        return broken;
    }

    int status() {
        return status;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    /** Sends {@code 100 Continue} unless a final response already went out. */
    void sendContinue() throws IOException {
        if (!committed && !continueSent) {
            continueSent = true;
            try {
                out.latin1("HTTP/1.1 100 Continue\r\n\r\n");
                out.flush();
            } catch (IOException e) {
                throw broken(e);
            }
        }
    }

    /**
     * Sends the whole body: commits the headers on the first non-empty chunk (or at the end),
     * flushes after each chunk unless the body is already in memory, and finishes the framing.
     *
     * @return whether the response is complete; if not, the caller must abort the connection
     */
    boolean send(Iterable<byte[]> body) throws IOException {
        boolean head = request.method.equals("HEAD");
        // a file after the legacy write() went out chunked or close-delimited: iterate it below
        if (body instanceof FileBody file && (!committed || framing == Framing.FIXED || framing == Framing.NONE)) {
            starter.requireStarted();
            if (!committed) {
                starter.requireLengthCovered(file.length(), head);
                commit(file.length());
            }
            if (framing == Framing.FIXED) {
                long sent;
                try {
                    sent = out.transfer(file, remaining);
                } catch (IOException e) {
                    throw broken(e);
                }
                remaining -= sent;
                bodyBytes += sent;
            }
            return finish();
        }
        boolean inMemory = body instanceof Collection<?>;
        long known = inMemory ? totalLength(body) : -1;
        if (inMemory && !committed && starter.started()) {
            starter.requireLengthCovered(known, head);
        }
        if (head && known == 0) {
            known = -1; // an app may leave a HEAD body empty: that says nothing of GET's length
        }
        for (byte[] chunk : body) {
            if (chunk == null) {
                throw new NullPointerException("the application's body yielded a null chunk");
            }
            if (chunk.length == 0) {
                continue;
            }
            starter.requireStarted();
            if (!committed) {
                commit(known);
            }
            if (head || framing == Framing.NONE || overflow) {
                break; // nothing of it goes out: stop asking the application for more
            }
            write(chunk, !inMemory);
        }
        starter.requireStarted();
        if (!committed) {
            commit(known >= 0 ? known : head ? -1 : 0); // every chunk was empty
        }
        return finish();
    }

    /** The legacy write callable and the body loop both end here. */
    void write(byte[] data, boolean flush) throws IOException {
        if (finished) {
            throw new IllegalStateException("write() after the response was complete");
        }
        if (data.length == 0) {
            return;
        }
        if (!committed) {
            commit(-1);
        }
        try {
            switch (framing) {
                case NONE -> {
                    return;
                }
                case FIXED -> {
                    int n = (int) Math.min(data.length, remaining);
                    out.write(data, 0, n);
                    remaining -= n;
                    bodyBytes += n;
                    overflow |= n < data.length;
                }
                case CHUNKED -> {
                    out.latin1(Integer.toHexString(data.length));
                    out.write(CRLF, 0, 2);
                    out.write(data, 0, data.length);
                    out.write(CRLF, 0, 2);
                    bodyBytes += data.length;
                }
                case CLOSE -> {
                    out.write(data, 0, data.length);
                    bodyBytes += data.length;
                }
            }
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /** Whether the application sent more than its Content-Length (the surplus was dropped). */
    boolean overflowed() {
        return overflow;
    }

    /** The bytes the application's Content-Length promised but the body did not deliver. */
    long missing() {
        return framing == Framing.FIXED ? remaining : 0;
    }

    private boolean finish() throws IOException {
        finished = true;
        if (framing == Framing.FIXED && remaining > 0) {
            return false;
        }
        try {
            if (framing == Framing.CHUNKED) {
                out.latin1("0\r\n\r\n");
            }
            out.flush();
        } catch (IOException e) {
            throw broken(e);
        }
        return true;
    }

    private void commit(long knownLength) throws IOException {
        Status st = starter.status();
        if (st.code() < 200) {
            throw new IllegalStateException("status " + st + " is informational; the application must send a final status");
        }
        List<Header> headers = starter.headers();
        long appLength = starter.contentLength();
        boolean noBody = st.forbidsBody();
        long length = appLength >= 0 ? appLength : knownLength;
        Framing f = noBody ? Framing.NONE
                : length >= 0 ? Framing.FIXED
                : request.minorVersion == 1 ? Framing.CHUNKED
                : Framing.CLOSE;
        // a body the client may still be holding back (no 100 sent), or more than the server will
        // drain, means the connection cannot be reused: say so now
        boolean unreadBodyBlocked = request.expectContinue && !continueSent && !input.complete();
        boolean tooMuchToDrain = input.remaining() > maxDrainBytes;
        keepAlive = mayKeepAlive && f != Framing.CLOSE && !unreadBodyBlocked && !tooMuchToDrain && !input.failed()
                && !stopping.getAsBoolean();
        status = st.code();
        committed = true;
        starter.markCommitted();
        try {
            out.latin1("HTTP/1.1 ");
            out.latin1(st.toString());
            out.write(CRLF, 0, 2);
            boolean hasDate = false;
            boolean hasServer = false;
            for (Header h : headers) {
                if (st.code() == 204 && h.is("Content-Length")) {
                    continue; // RFC 9110 8.6: never in a 204
                }
                hasDate |= h.is("Date");
                hasServer |= h.is("Server");
                field(h.name(), h.value());
            }
            if (!noBody && appLength < 0 && length >= 0) {
                field("Content-Length", Long.toString(length));
            }
            if (f == Framing.CHUNKED) {
                field("Transfer-Encoding", "chunked");
            }
            if (!keepAlive) {
                field("Connection", "close");
            } else if (request.minorVersion == 0) {
                field("Connection", "keep-alive");
            }
            if (!hasDate) {
                field("Date", HttpDate.now());
            }
            if (!hasServer) {
                field("Server", serverSoftware);
            }
            out.write(CRLF, 0, 2);
        } catch (IOException e) {
            throw broken(e);
        }
        framing = request.method.equals("HEAD") ? Framing.NONE : f;
        remaining = length;
    }

    private void field(String name, String value) throws IOException {
        out.latin1(name);
        out.latin1(": ");
        out.latin1(value);
        out.write(CRLF, 0, 2);
    }

    private static long totalLength(Iterable<byte[]> body) {
        long total = 0;
        for (byte[] chunk : body) {
            if (chunk == null) {
                throw new NullPointerException("the application's body holds a null chunk");
            }
            total += chunk.length;
        }
        return total;
    }

    /** Marks the response broken (writing to the client failed: it is gone) and returns {@code e}. */
    private IOException broken(IOException e) {
        broken = true;
        return e;
    }

    /**
     * Writes a complete error response that closes the connection: the status, a short plain
     * text body naming the problem (a generic one for 500), no body for HEAD.
     */
    static void writeError(ResponseWriter out, int status, String detail, boolean head, String serverSoftware)
            throws IOException {
        String reason = ErrorPage.reason(status);
        byte[] body = (status + " " + reason + "\n" + (detail == null ? "" : detail + "\n"))
                .getBytes(StandardCharsets.UTF_8);
        out.latin1("HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + "Date: " + HttpDate.now() + "\r\n"
                + "Server: " + serverSoftware + "\r\n\r\n");
        if (!head) {
            out.write(body, 0, body.length);
        }
        out.flush();
    }
}
