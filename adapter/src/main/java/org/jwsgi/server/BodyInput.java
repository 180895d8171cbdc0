package org.jwsgi.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.RequestBodyException;

/**
 * {@code wsgi.input}: the request body, ending exactly where the body ends (never blocking past
 * it), whatever the framing. Subclasses decode Content-Length and chunked bodies; this class
 * sends {@code 100 Continue} before the first read when the client asked for it, and turns a
 * read timeout into an error naming {@code bodyReadTimeout} (or {@code minBodyRate}: {@link BodyPacer}).
 */
abstract class BodyInput extends InputStream {

    /** Something to do before the first byte is read (send 100 Continue); may be null. */
    interface FirstRead {
        void run() throws IOException;
    }

    /** The body of a request that has none. */
    static BodyInput empty() {
        return new BodyInput(null, null) {
            @Override
            int readBody(byte[] b, int off, int len) {
                return -1;
            }

            @Override
            boolean complete() {
                return true;
            }
        };
    }

    protected final InputBuffer in;
    private final Duration timeout;
    private byte[] one; // for read(): most bodies are never read a byte at a time
    private FirstRead firstRead;
    private BodyPacer pacer;
    private boolean failed;
    private volatile boolean detached;
    private long bytesRead;

    BodyInput(InputBuffer in, Duration timeout) {
        this.in = in;
        this.timeout = timeout;
    }

    void onFirstRead(FirstRead action) {
        this.firstRead = action;
    }

    /** The body bytes read so far, by the application or a drain. */
    long bytesRead() {
        return bytesRead;
    }

    /** Ends this body's use of the connection: its exchange is over; later reads throw. */
    void detach() {
        detached = true;
    }

    /** Whether the body has been read to its end (so the next request can follow). */
    abstract boolean complete();

    /** The body bytes not yet read, when the framing tells; 0 for a complete body, -1 when unknown (chunked). */
    long remaining() {
        return complete() ? 0 : -1;
    }

    /** Whether reading failed: the connection's framing is lost and it must close. */
    boolean failed() {
        return failed;
    }

    /** The reads under this body are paced by {@code p} (which names the limit that trips). */
    void pacedBy(BodyPacer p) {
        this.pacer = p;
    }

    /** Reads and drops the rest of the body, at most {@code max} bytes; returns whether it ended. */
    boolean drain(long max) {
        return drain(max, Long.MAX_VALUE);
    }

    /**
     * Reads and drops the rest of the body, at most {@code max} bytes, by {@code deadline}
     * ({@link System#nanoTime()}): no read waits past it, so a client that trickles the body
     * cannot hold the connection. Returns whether the body ended in time.
     */
    boolean drain(long max, long deadline) {
        byte[] scratch = new byte[8192];
        long dropped = 0;
        if (in != null) {
            in.deadline(deadline);
        }
        try {
            while (!complete() && dropped <= max) {
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                    return false;
                }
                // one byte past the limit tells "ends within it" from "goes on"
                int n = read(scratch, 0, (int) Math.min(scratch.length, max - dropped + 1));
                if (n < 0) {
                    break;
                }
                dropped += n;
            }
        } catch (IOException e) {
            return false;
        } finally {
            if (in != null) {
                in.deadline(Long.MAX_VALUE);
            }
        }
        return complete() && !failed && dropped <= max;
    }

    abstract int readBody(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (detached) {
            throw new IOException("wsgi.input read after its request's response was complete");
        }
        if (failed) {
            throw new IOException("request body already failed");
        }
        if (firstRead != null) {
            FirstRead action = firstRead;
            firstRead = null;
            action.run();
        }
        try {
            int n = readBody(b, off, len);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        } catch (SocketTimeoutException e) {
            failed = true;
            SocketTimeoutException named = new SocketTimeoutException(pacer != null ? pacer.timeoutMessage()
                    : "no request body bytes within bodyReadTimeout=" + Durations.text(timeout));
            named.initCause(e);
            throw named;
        } catch (RequestBodyException | RuntimeException e) {
            failed = true;
            throw e;
        } catch (IOException e) {
            // the socket failed under the body (a reset mid-upload): as on every backend, a
            // RequestBodyException that tells the client no more than that
            failed = true;
            throw RequestBodyException.unreadable(e);
        }
    }

    @Override
    public final int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /** A Content-Length body. */
    static final class Fixed extends BodyInput {

        private final long length;
        private long remaining;

        Fixed(InputBuffer in, long length, Duration timeout) {
            super(in, timeout);
            this.length = length;
            this.remaining = length;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw RequestBodyException.malformed("client closed the connection after "
                        + (length - remaining) + " of " + length + " body bytes");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        boolean complete() {
            return remaining == 0;
        }

        @Override
        long remaining() {
            return remaining;
        }
    }
}
