package org.jwsgi.backend;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.ErrorPage;

/**
 * Jetty's HTTP/1.1 connections with the bundled server's whole-head deadline: a request head must
 * arrive within {@code headerReadTimeout} (counted from accept for a connection's first head, from
 * its first byte for the next ones), however it trickles, else the client gets the bundled
 * server's {@code 408} and the connection closes.
 *
 * <p>Jetty has one idle timeout, reset by every read: a head sent a byte at a time never trips
 * it. Each connection here shortens its endpoint's idle timeout to the time the head has left
 * after every read that leaves the head incomplete, and puts the connector's back once the head
 * is complete, before the request runs (so the body and the response keep Jetty's usual timeout).
 * When the shortened timeout expires mid-head, the connection answers 408 itself: Jetty would
 * close it without a word.
 */
final class HeadDeadlineConnectionFactory extends HttpConnectionFactory {

    private final long headMillis;
    private final String serverSoftware;

    HeadDeadlineConnectionFactory(HttpConfiguration config, Duration headerReadTimeout, String serverSoftware) {
        super(config);
        this.headMillis = Math.max(1, headerReadTimeout.toMillis());
        this.serverSoftware = serverSoftware;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HeadDeadlineConnection connection = new HeadDeadlineConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength()); // as Jetty's own does
        return configure(connection, connector, endPoint);
    }

    private final class HeadDeadlineConnection extends HttpConnection {

        private final long openedAt = NanoTime.now();
        private final long idleMillis;
        /** Whether a head has been read on this connection (the first one counts from accept). */
        private volatile boolean firstHeadRead;
        /** Whether the endpoint has the head's deadline rather than the connector's idle timeout. */
        private volatile boolean shortened;

        HeadDeadlineConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
            super(config, connector, endPoint);
            this.idleMillis = connector.getIdleTimeout();
        }

        @Override
        protected RequestHandler newRequestHandler() {
            return new RequestHandler() {
                @Override
                public boolean headerComplete() {
                    // before the request runs: its body and response get the connector's timeout
                    firstHeadRead = true;
                    restore();
                    return super.headerComplete();
                }
            };
        }

        @Override
        public void onOpen() {
            super.onOpen();
            arm(openedAt);
        }

        @Override
        public void onFillable() {
            super.onFillable();
            HttpParser parser = getParser();
            if (headInProgress(parser)) {
                arm(firstHeadRead ? parser.getBeginNanoTime() : openedAt);
            }
        }

        @Override
        public boolean onIdleExpired(TimeoutException timeout) {
            if (!shortened || !headInProgress(getParser())) {
                return super.onIdleExpired(timeout); // a silent new connection, or Jetty's own timeouts
            }
            restore(); // the 408's write gets the connector's timeout, and this is not called again
            byte[] answer = ErrorPage.response(408, "request head not received within headerReadTimeout="
                    + Durations.text(Duration.ofMillis(headMillis)), false, serverSoftware, null);
            EndPoint endPoint = getEndPoint();
            endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close(failure)), ByteBuffer.wrap(answer));
            return false;
        }

        /** Whether some bytes of a head have been parsed and the head is not yet complete. */
        private boolean headInProgress(HttpParser parser) {
            return parser.inHeaderState() && !parser.isStart();
        }

        /** Gives the endpoint the time the head started at {@code since} has left. */
        private void arm(long since) {
            long left = headMillis - NanoTime.millisSince(since);
            shortened = true;
            getEndPoint().setIdleTimeout(Math.max(1, left));
        }

        private void restore() {
            if (shortened) {
                shortened = false;
                getEndPoint().setIdleTimeout(idleMillis);
            }
        }
    }
}
