package org.jwsgi.backend;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * The {@code builtin} backend: the bundled {@link WsgiServer}. It honours every option but
 * {@link ServerOptions#http2()}, which it refuses with an {@link IllegalArgumentException}.
 */
public final class BuiltinBackend implements Backend {

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public RunningServer start(Application app, ServerOptions options, AccessLogSink accessLog) throws IOException {
        WsgiServer server = (accessLog == null ? WsgiServer.create(app, options)
                : WsgiServer.create(app, options, accessLog)).start();
        URI uri = Containers.uri(options, server.address());
        return new RunningServer() {
            @Override
            public String backend() {
                return "builtin";
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public void stop(Duration grace) {
                server.stop(grace);
            }

            @Override
            public ServerLoad load() {
                return server.load();
            }

            @Override
            public void awaitStop() throws InterruptedException {
                server.awaitStop();
            }

            @Override
            public void close() {
                server.close();
            }

            @Override
            public String toString() {
                return "builtin on " + uri;
            }
        };
    }
}
