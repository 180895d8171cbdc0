package org.jwsgi.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/** The bench app on the bundled server in the test's JVM, on a free port of 127.0.0.1. */
final class LocalServer {

    private LocalServer() {
    }

    /** @param file what {@code /file} serves, or null */
    static WsgiServer start(Path file, Duration keepAliveTimeout) throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withKeepAliveTimeout(keepAliveTimeout)
                .withStopGrace(Duration.ofSeconds(1));
        return WsgiServer.create(new BenchApp(file), options).start();
    }
}
