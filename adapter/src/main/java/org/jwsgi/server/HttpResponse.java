package org.jwsgi.server;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.HttpDate;
import org.jwsgi.gateway.RequestIds;
import org.jwsgi.gateway.ResponseCore;

/**
 * The bundled server's {@link ResponseCore.Wire}: chooses the framing when the headers go out,
 * then frames the body in it. A body of known length gets a Content-Length; otherwise chunked on
 * HTTP/1.1 and close-delimited on HTTP/1.0. 1xx, 204 and 304 get no body and no framing; HEAD
 * gets GET's headers and no body. Also the connection's {@code 100 Continue} and its error pages.
 */
final class HttpResponse implements ResponseCore.Wire {

    private enum Framing { NONE, FIXED, CHUNKED, CLOSE }

    private static final byte[] CRLF = {'\r', '\n'};

    private final RequestHead request;
    private final BodyInput input;
    private final ResponseWriter out;
    private final boolean mayKeepAlive;
    private final BooleanSupplier stopping;
    private final long maxDrainBytes;
    private final String serverSoftware;
    private final ResponseCore core;
    private Framing framing;
    private boolean continueSent;
    private boolean keepAlive;

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
        this.core = new ResponseCore(this, request.method.equals("HEAD"));
    }

    /** The response this wire carries. */
    ResponseCore core() {
        return core;
    }

    /** Whether the connection may serve another request after this response. */
    boolean keepAlive() {
        return keepAlive && !core.overflowed() && !core.isBroken();
    }

    /** Sends {@code 100 Continue} unless a final response already went out. */
    void sendContinue() throws IOException {
        if (!core.committed() && !continueSent) {
            continueSent = true;
            try {
                out.latin1("HTTP/1.1 100 Continue\r\n\r\n");
                out.flush();
            } catch (IOException e) {
                throw core.broken(e);
            }
        }
    }

    @Override
    public void head(Status st, List<Header> headers, long length) throws IOException {
        boolean noBody = st.forbidsBody();
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
        out.latin1("HTTP/1.1 ");
        out.latin1(st.toString());
        out.write(CRLF, 0, 2);
        boolean hasDate = false;
        boolean hasServer = false;
        boolean hasLength = false;
        for (Header h : headers) {
            boolean isLength = h.is("Content-Length");
            if (st.code() == 204 && isLength) {
                continue; // RFC 9110 8.6: never in a 204
            }
            hasLength |= isLength;
            hasDate |= h.is("Date");
            hasServer |= h.is("Server");
            field(h.name(), h.value());
        }
        if (!noBody && !hasLength && length >= 0) {
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
        framing = request.method.equals("HEAD") ? Framing.NONE : f;
    }

    @Override
    public void body(byte[] data, int off, int len, boolean flush) throws IOException {
        if (framing == Framing.CHUNKED) {
            out.latin1(Integer.toHexString(len));
            out.write(CRLF, 0, 2);
            out.write(data, off, len);
            out.write(CRLF, 0, 2);
        } else {
            out.write(data, off, len);
        }
        if (flush) {
            out.flush();
        }
    }

    @Override
    public long file(FileBody file, long count) throws IOException {
        return out.transfer(file, count);
    }

    @Override
    public void end() throws IOException {
        if (framing == Framing.CHUNKED) {
            out.latin1("0\r\n\r\n");
        }
        out.flush();
    }

    private void field(String name, String value) throws IOException {
        out.latin1(name);
        out.latin1(": ");
        out.latin1(value);
        out.write(CRLF, 0, 2);
    }

    /**
     * Writes a complete error response that closes the connection: the status, {@link ErrorPage}'s
     * plain text body naming the problem (a generic one for 500), no body for HEAD; the request's
     * id when it has one.
     */
    static void writeError(ResponseWriter out, int status, String detail, boolean head, String serverSoftware,
            String requestId) throws IOException {
        byte[] response = ErrorPage.response(status, detail, head, serverSoftware, requestId);
        out.write(response, 0, response.length);
        out.flush();
    }

    /**
     * The server's own answer to {@code OPTIONS *} (RFC 9110 section 9.3.7: about the server, not a
     * resource of the application), as Tomcat gives it and every jwsgi backend does.
     */
    static void writeAsterisk(ResponseWriter out, boolean close, String serverSoftware) throws IOException {
        out.latin1("HTTP/1.1 200 OK\r\nAllow: " + ErrorPage.ASTERISK_ALLOW + "\r\nContent-Length: 0\r\n"
                + (close ? "Connection: close\r\n" : "") + "Date: " + HttpDate.now() + "\r\n"
                + "Server: " + serverSoftware + "\r\n\r\n");
        out.flush();
    }
}
