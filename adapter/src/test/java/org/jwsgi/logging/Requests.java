package org.jwsgi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jwsgi.Environ;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;

/** What both logging-backend tests serve and send; free of Logback's and Log4j's types, which only one of their JVMs has. */
final class Requests {
    private Requests() {
    }

    /**
     * Starts builtin, then jetty, with the access log on, and sends each one {@code GET /hello-NAME},
     * which the app answers after writing "from the app on NAME" to {@code wsgi.errors}.
     */
    static void serveOneRequestOnBuiltinAndJetty() throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withAccessLog(true);
        for (String name : List.of("builtin", "jetty")) {
            try (RunningServer server = Backend.named(name).start((env, sr) -> {
                ((PrintWriter) env.get(Environ.WSGI_ERRORS)).println("from the app on " + name);
                sr.start("200 OK", List.of());
                return List.of();
            }, options)) {
                get(server.uri().resolve("/hello-" + name));
            }
        }
    }

    private static void get(URI uri) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
