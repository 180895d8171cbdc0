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
 * <p>A drain after the response has a deadline of its own as well ({@link #until}).
 */
final class BodyPacer implements InputBuffer.Pacer {

    private final BodyInput.ReadTimeout socket;
    private final long perRead;
    private final Duration bodyReadTimeout;
    private final int minBodyRate;
    private long waited;
    private long received;
    private long deadline = Long.MAX_VALUE;
    private int lastMillis = -1;
    private boolean rateBound;

    BodyPacer(BodyInput.ReadTimeout socket, Duration bodyReadTimeout, int minBodyRate) {
        this.socket = socket;
        this.perRead = bodyReadTimeout.toNanos();
        this.bodyReadTimeout = bodyReadTimeout;
        this.minBodyRate = minBodyRate;
    }

    /** From now on, reads also stop at {@code deadline} ({@link System#nanoTime()}). */
    void until(long deadline) {
        this.deadline = deadline;
    }

    @Override
    public long beforeRead() throws IOException {
        long now = System.nanoTime();
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
        wait = Math.min(wait, deadline == Long.MAX_VALUE ? wait : deadline - now);
        if (wait <= 0) {
            throw new SocketTimeoutException("no time left to read the request body");
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (wait + 999_999) / 1_000_000));
        if (millis != lastMillis) {
            socket.set(millis);
            lastMillis = millis;
        }
        return now;
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
