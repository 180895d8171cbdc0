package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.validate.Validator;

/** The sample on the bundled server ({@code Backend.named("builtin")}), at the root, over real sockets. */
class BuiltinIT implements SampleContract {

    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = Backend.named("builtin").start(Validator.defaults().wrap(new SampleApp()), ServerOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public URI base() {
        return server.uri();
    }

    @Override
    public String scriptName() {
        return "";
    }

    @Override
    public String serverSoftware() {
        return "jwsgi/";
    }

    @Test
    void dotSegmentsAreResolvedBeforeTheApp() throws Exception {
        // the bundled server removes them (RFC 3986 5.2.4) before the app: /static/../x is /x, not a file above /static
        Http.RawResponse r = Http.raw(base(), "GET /static/../SampleApp.class HTTP/1.1");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("org/jwsgi/sample");
        Http.RawResponse above = Http.raw(base(), "GET /static/../../SampleApp.class HTTP/1.1");
        assertThat(above.status()).isEqualTo(400);
        assertThat(above.body()).contains("climbs above the root");
    }
}
