package org.jwsgi.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * The {@link Payloads} as a Jetty 12 core handler: no servlet layer, and non-blocking, so that
 * Jetty may run it on the selector thread that read the request, without a hand-off to its pool.
 * The fastest Jetty there is: the upload is counted as its chunks arrive and the stream written
 * chunk after chunk by callbacks, never by a blocked thread.
 */
final class JettyCoreHandler extends Handler.Abstract.NonBlocking {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        switch (Payloads.Route.of(request.getHttpURI().getPath())) {
            case HELLO:
            case PLAINTEXT:
                send(response, "text/plain", Payloads.HELLO, callback);
                return true;
            case JSON:
                send(response, "application/json", Payloads.json(), callback);
                return true;
            case SLEEP:
                // a non-blocking handler must not sleep on its thread: Jetty's timer answers later
                request.getComponents().getScheduler().schedule(
                        () -> send(response, "text/plain", Payloads.SLEPT, callback),
                        Payloads.SLEEP_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            case K64:
                send(response, "application/octet-stream", Payloads.K64, callback);
                return true;
            case UPLOAD:
                new Counter(request, response, callback).run();
                return true;
            case STREAM:
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                new Chunks(response, callback).iterate();
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

    /** Reads the request body as it arrives, counting it, then answers the count. */
    private static final class Counter implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private long total;

        Counter(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    callback.failed(chunk.getFailure());
                    return;
                }
                total += chunk.remaining();
                chunk.release();
                if (chunk.isLast()) {
                    send(response, "text/plain", Long.toString(total).getBytes(StandardCharsets.US_ASCII), callback);
                    return;
                }
            }
        }
    }

    /** Writes {@link Payloads#CHUNKS} chunks, each once the previous one went out, then ends the response. */
    private static final class Chunks extends IteratingCallback {
        private final Response response;
        private final Callback callback;
        private int sent;

        Chunks(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        @Override
        protected Action process() {
            if (sent == Payloads.CHUNKS) {
                return Action.SUCCEEDED;
            }
            sent++;
            response.write(false, ByteBuffer.wrap(Payloads.CHUNK), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            response.write(true, null, callback);
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            callback.failed(cause);
        }
    }
}
