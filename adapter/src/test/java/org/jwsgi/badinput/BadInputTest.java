package org.jwsgi.badinput;

import java.io.IOException;
import java.net.URI;
import java.util.stream.Stream;
import org.jwsgi.backend.Backend;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant 4 on raw sockets: each malformed request gets its status, the connection closes,
 * the application never runs (or, for a body that turns bad while it reads, its read throws),
 * and nothing smuggled behind a bad request is ever answered. The bundled server must do
 * exactly that; Jetty's and Tomcat's own answers are pinned per case (docs/security.md).
 */
@EachBackend
class BadInputTest {

    @ServedApp
    static final CountingApp APP = new CountingApp();

    static Stream<BadCase> cases() {
        return Stream.of(LineCases.CASES, FieldCases.CASES, FramingCases.CASES).flatMap(l -> l.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsPinned(BadCase c, Backend backend, URI server) throws IOException {
        CaseRun.check(c, backend.name(), server, APP);
    }
}
