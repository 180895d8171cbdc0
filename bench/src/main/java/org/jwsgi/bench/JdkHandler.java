package org.jwsgi.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The {@link Payloads} on the JDK's own {@code com.sun.net.httpserver}. */
final class JdkHandler implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (Payloads.Route.of(exchange.getRequestURI().getRawPath())) {
                case HELLO:
                case PLAINTEXT:
                    send(exchange, "text/plain", Payloads.HELLO);
                    return;
                case JSON:
                    send(exchange, "application/json", Payloads.json());
                    return;
                case SLEEP:
                    Payloads.sleep();
                    send(exchange, "text/plain", Payloads.SLEPT);
                    return;
                case K64:
                    send(exchange, "application/octet-stream", Payloads.K64);
                    return;
                case UPLOAD:
                    long n = BenchApp.drain(exchange.getRequestBody());
                    send(exchange, "text/plain", Long.toString(n).getBytes(StandardCharsets.US_ASCII));
                    return;
                case STREAM:
                    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(200, 0); // 0: chunked
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < Payloads.CHUNKS; i++) {
                        out.write(Payloads.CHUNK);
                        out.flush();
                    }
                    return;
                default:
                    exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
