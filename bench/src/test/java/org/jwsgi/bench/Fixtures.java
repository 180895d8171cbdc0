package org.jwsgi.bench;

import java.util.OptionalLong;

/** Measurements made up for the tests of what is computed from them. */
final class Fixtures {

    private Fixtures() {
    }

    static WrkResult wrk(double rps, double p50, double p99, long non2xx) {
        return new WrkResult(rps, Math.round(rps * 10), 10, p50, p99, WrkResult.SocketErrors.NONE, non2xx);
    }

    /** A measured run: {@code rps} req/s, p50 1 ms, p99 5 ms, no error, 100 MiB, started in {@code startup} ms. */
    static Measurement ok(int round, String server, App app, double rps, double startup) {
        return Measurement.of(round, server, app, startup, wrk(rps, 1, 5, 0), OptionalLong.of(100L * 1024 * 1024));
    }

    static Measurement ok(int round, String server, double rps) {
        return ok(round, server, App.HELLO, rps, 500);
    }
}
