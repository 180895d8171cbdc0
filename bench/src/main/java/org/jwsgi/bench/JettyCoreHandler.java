package org.jwsgi.bench;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** The {@link Payloads} as a Jetty 12 core handler (no servlet layer): the fastest Jetty there is. */
final class JettyCoreHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        switch (Payloads.Route.of(request.getHttpURI().getPath())) {
            case HELLO:
                send(response, "text/plain", Payloads.HELLO, callback);
                return true;
            case K64:
                send(response, "application/octet-stream", Payloads.K64, callback);
                return true;
            case UPLOAD:
                long n;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    n = BenchApp.drain(in);
                }
                send(response, "text/plain", Long.toString(n).getBytes(StandardCharsets.US_ASCII), callback);
                return true;
            case STREAM:
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                for (int i = 0; i < Payloads.CHUNKS; i++) {
                    try (Blocker.Callback block = Blocker.callback()) {
                        response.write(false, ByteBuffer.wrap(Payloads.CHUNK), block);
                        block.block();
                    }
                }
                response.write(true, null, callback);
                return true;
            default:
                return false; // Jetty answers 404
        }
    }

    private static void send(Response response, String type, byte[] body, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
