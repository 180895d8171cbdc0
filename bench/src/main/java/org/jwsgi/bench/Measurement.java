package org.jwsgi.bench;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One app of one server in one round: what wrk measured and the server's RSS after it, or why
 * it could not be measured.
 *
 * <pre>{@code
 * Measurement.of(1, "builtin", App.HELLO, 312.5, wrkResult, OptionalLong.of(85_000_000));
 * Measurement.failed(1, "tomcat-bridge", App.HELLO, Double.NaN, "exited with code 1 before READY");
 * }</pre>
 *
 * @param round 1-based
 * @param startupMillis the server's start-up time in this round, NaN if it did not start
 * @param wrk null if failed
 * @param rssBytes VmRSS of the server right after the measured run; empty if failed or unknown
 * @param failure the reason, or null if measured
 */
record Measurement(int round, String server, App app, double startupMillis, WrkResult wrk, OptionalLong rssBytes,
        String failure) {

    Measurement {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(rssBytes, "rssBytes");
        if ((wrk == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of wrk result and failure, got " + wrk + " and " + failure);
        }
    }

    static Measurement of(int round, String server, App app, double startupMillis, WrkResult wrk, OptionalLong rssBytes) {
        return new Measurement(round, server, app, startupMillis, Objects.requireNonNull(wrk, "wrk"), rssBytes, null);
    }

    static Measurement failed(int round, String server, App app, double startupMillis, String failure) {
        return new Measurement(round, server, app, startupMillis, null, OptionalLong.empty(),
                Objects.requireNonNull(failure, "failure"));
    }

    boolean succeeded() {
        return wrk != null;
    }
}
