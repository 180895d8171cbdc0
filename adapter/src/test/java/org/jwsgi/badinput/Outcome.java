package org.jwsgi.badinput;

import java.util.Arrays;
import java.util.List;

/**
 * What one backend does with a bad-input case.
 *
 * @param statuses the statuses of the responses, in order (empty: none); {@link #NOT_HTTP11} for a
 *     reply without a status line (an HTTP/0.9 reply)
 * @param end what the connection does after them
 * @param calls how many times the application runs for the case's bytes
 * @param inputRaises whether the application's {@code wsgi.input} read throws; null where that
 *     depends on the container's timing and is not checked
 * @param says text the first response's body must contain (an option's name, an environ line), or null
 */
record Outcome(List<Integer> statuses, End end, int calls, Boolean inputRaises, String says) {

    /** After the responses: the server closes (nothing more arrives), keeps the connection, or says nothing. */
    enum End {
        /** The stream ends (FIN or reset) with no further byte: nothing smuggled is answered. */
        CLOSES,
        /** A follow-up request on the same connection is served by the application. */
        STAYS_OPEN,
        /** Neither a further byte nor the end arrives within the read timeout. */
        WAITS
    }

    /** In {@link #statuses}: a reply that is not HTTP/1.x (a bare HTTP/0.9 body); nothing is read after it. */
    static final int NOT_HTTP11 = 9;

    /** Refused with {@code status} before the application runs, then the connection closes. */
    static Outcome refused(int status) {
        return new Outcome(List.of(status), End.CLOSES, 0, false, null);
    }

    /** Closed without any response and without calling the application. */
    static Outcome silentClose() {
        return new Outcome(List.of(), End.CLOSES, 0, false, null);
    }

    /** Answered by the application (each status), the connection kept open. */
    static Outcome served(Integer... statuses) {
        return new Outcome(Arrays.asList(statuses), End.STAYS_OPEN, statuses.length, false, null);
    }

    /** The application ran and its {@code wsgi.input} read threw; {@code status} was sent, then the connection closed. */
    static Outcome inputFails(int status) {
        return new Outcome(List.of(status), End.CLOSES, 1, true, null);
    }

    Outcome thenCloses() {
        return new Outcome(statuses, End.CLOSES, calls, inputRaises, says);
    }

    Outcome keptOpen() {
        return new Outcome(statuses, End.STAYS_OPEN, calls, inputRaises, says);
    }

    Outcome thenWaits() {
        return new Outcome(statuses, End.WAITS, calls, inputRaises, says);
    }

    Outcome calls(int n) {
        return new Outcome(statuses, end, n, inputRaises, says);
    }

    Outcome saying(String text) {
        return new Outcome(statuses, end, calls, inputRaises, text);
    }
}
