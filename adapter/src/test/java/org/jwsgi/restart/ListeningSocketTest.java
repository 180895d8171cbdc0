package org.jwsgi.restart;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;

/** {@code reusePort} and {@code inheritSocket} on every backend (the restarts themselves: ZeroDowntimeIT). */
class ListeningSocketTest {

    private static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0).withStopGrace(Duration.ofSeconds(5));

    private static Application named(String name) {
        return (environ, startResponse) -> {
            startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return List.of(name.getBytes(US_ASCII));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void withReusePortASecondInstanceListensOnThePortAndServesItWhenTheFirstStops(String backend) throws Exception {
        Backend b = Backend.named(backend);
        RunningServer first = b.start(named("first"), OPTIONS.withReusePort(true));
        try (RunningServer second = b.start(named("second"), OPTIONS.withReusePort(true).withPort(first.port()))) {
            assertThat(second.port()).isEqualTo(first.port());
            first.stop(Duration.ofSeconds(5));
            for (int i = 0; i < 5; i++) {
                assertThat(get(second.port())).endsWith("second");
            }
        } finally {
            first.stop(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void withoutReusePortASecondInstanceCannotBindThePort(String backend) throws Exception {
        Backend b = Backend.named(backend);
        try (RunningServer first = b.start(named("first"), OPTIONS.withReusePort(true))) {
            ServerOptions second = OPTIONS.withPort(first.port());
            assertThatThrownBy(() -> b.start(named("second"), second).close()).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
            assertThat(get(first.port())).endsWith("first");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void inheritSocketRefusesToStartWhenStandardInputIsNoListeningSocket(String backend) {
        // this JVM's standard input is the test runner's pipe
        assertThatThrownBy(() -> Backend.named(backend).start(named("x"), OPTIONS.withInheritSocket(true)).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("inheritSocket: standard input is not a socket")
                .hasMessageContaining("StandardInput=socket");
    }

    private static String get(int port) throws IOException {
        try (Socket s = GracefulStopTest.connect(port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(US_ASCII));
            return new String(s.getInputStream().readAllBytes(), US_ASCII);
        }
    }
}
