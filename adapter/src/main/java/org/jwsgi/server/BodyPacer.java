package org.jwsgi.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jwsgi.gateway.Durations;

/**
 * Bounds the socket reads of one request body (its framing included), so that a client can hold
 * the connection neither by stalling nor by trickling: each read waits at most
 * {@code bodyReadTimeout}, and the time spent waiting in all may exceed {@code bodyReadTimeout}
 * only by the time {@code minBodyRate} allows for the bytes that came ({@code n / minBodyRate}).
 * A body that stops is dropped after {@code bodyReadTimeout}; one sent a byte every 29 s is
 * dropped after about {@code bodyReadTimeout} too, not after 29 s per byte. Only the time spent
 * waiting for the client counts: an application that reads slowly does not use it up.
 *
 * <p>A drain after the response has a deadline of its own as well ({@link InputBuffer#deadline}).
 */
final class BodyPacer implements InputBuffer.Pacer {

    private final long perRead;
    private final Duration bodyReadTimeout;
    private final int minBodyRate;
    private long waited;
    private long received;
    private boolean rateBound;

    BodyPacer(Duration bodyReadTimeout, int minBodyRate) {
        this.perRead = bodyReadTimeout.toNanos();
        this.bodyReadTimeout = bodyReadTimeout;
        this.minBodyRate = minBodyRate;
    }

    @Override
    public long deadline(long now) throws IOException {
        long wait = perRead;
        rateBound = false;
        if (minBodyRate > 0) {
            double allowed = perRead + received * 1e9 / minBodyRate;
            long left = (long) Math.min(Long.MAX_VALUE, allowed - waited);
            if (left < wait) {
                wait = left;
                rateBound = true;
            }
        }
        if (wait <= 0) {
            throw new SocketTimeoutException(timeoutMessage());
        }
        return wait >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + wait;
    }

    @Override
    public void afterRead(long startedAt, int n) {
        waited += System.nanoTime() - startedAt;
        if (n > 0) {
            received += n;
        }
    }

    /** What the last timeout was: the option that tripped, for {@code wsgi.input}'s exception. */
    String timeoutMessage() {
        return rateBound ? "request body slower than minBodyRate=" + minBodyRate + " bytes/s (with bodyReadTimeout="
                + Durations.text(bodyReadTimeout) + " to spare)"
                : "no request body bytes within bodyReadTimeout=" + Durations.text(bodyReadTimeout);
    }
}
