package org.jwsgi.badinput;

import java.io.IOException;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.backend.Backend;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.ServedOptions;

/** Each size limit and timeout trips with its status and names its option (small limits: {@link LimitCases#OPTIONS}). */
@EachBackend
class LimitsTest {

    @ServedApp
    static final CountingApp APP = new CountingApp();

    @ServedOptions
    static final ServerOptions OPTIONS = LimitCases.OPTIONS;

    static Stream<BadCase> cases() {
        return LimitCases.CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tripsAsPinned(BadCase c, Backend backend, URI server) throws IOException {
        CaseRun.check(c, backend.name(), server, APP);
    }
}
