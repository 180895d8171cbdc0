package org.jwsgi.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;

/** docs/observability.md's metrics example, compiled with the tests so it stays true. */
public class MeteredServer {
    public static void main(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Application app = (environ, startResponse) -> {
            environ.put("jwsgi.route", "/hello");   // the bounded uri tag
            startResponse.start("200 OK", java.util.List.of());
            return java.util.List.of("Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        };
        ServerOptions options = ServerOptions.defaults().withPort(0).withListener(HttpMetrics.of(registry));
        try (RunningServer server = Backend.named("jetty").start(app, options)) {
            System.out.println(server.uri() + " " + registry.getMeters().size() + " meters");
        }
    }
}
