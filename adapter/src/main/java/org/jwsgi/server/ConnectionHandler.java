package org.jwsgi.server;

import java.io.IOException;

/**
 * What a {@link SocketServer} runs for each connection: {@link #open} gives the connection its
 * {@link Session}, which then says, step by step, what the connection needs. The socket layer waits
 * for the client without holding a thread, and runs work where it costs least: on the thread that
 * found it when it is quick, on a thread of the {@link org.jwsgi.options.Threading} model when it
 * waits (see {@link SocketServer}).
 *
 * <p>An echo server, the smallest use of the socket layer on its own:
 * <pre>{@code
 * ConnectionHandler echo = c -> () -> {
 *     ByteBuffer buffer = ByteBuffer.allocate(4096);
 *     int n = c.readNow(buffer);
 *     if (n < 0) {
 *         return Step.CLOSE;
 *     }
 *     c.write(buffer.flip());
 *     return Step.IDLE;                    // wait for the client's next bytes, without a thread
 * };
 * try (SocketServer server = SocketServer.create(echo, ServerOptions.defaults().withPort(0)).start()) {
 *     System.out.println("echo on port " + server.port());
 *     server.awaitStop();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * A new connection: returns what serves it for its whole life. Runs on a loop thread, so it
     * must not wait for the client.
     */
    Session open(Connection connection) throws IOException;

    /** What a session asks of the socket layer next. */
    enum Step {
        /**
         * Wait for the client's next bytes without a thread; nothing is in progress, so a stop
         * closes it once it has been idle {@link org.jwsgi.options.ServerOptions#stopIdleTimeout()}.
         */
        IDLE,
        /** Wait for the client's next bytes without a thread, in the middle of something (a partial request). */
        WAIT,
        /** Work is ready ({@link Session#run}); the socket layer may run it on the thread that found it. */
        RUN,
        /** Work is ready that will wait for the client (a body still arriving): run it on a worker thread. */
        RUN_BLOCKING,
        /** Close the connection. */
        CLOSE
    }

    /**
     * One connection's state and behaviour. The socket layer calls one method at a time, each
     * after the previous one returned (the calls happen-before each other), possibly on
     * different threads.
     */
    interface Session {

        /**
         * The client sent bytes, or closed: read them with {@link Connection#readNow} and say what
         * next. Runs on a loop thread: it must not wait for the client (a write may wait).
         */
        Step readable() throws IOException;

        /**
         * Runs the work {@link #readable} (or the previous run) found; it may wait for the client.
         * Returns {@link Step#RUN} or {@link Step#RUN_BLOCKING} when more work is ready at once
         * (a pipelined request).
         */
        default Step run() throws IOException {
            throw new IllegalStateException("this session has no work to run");
        }

        /**
         * When waiting ({@link Step#IDLE} or {@link Step#WAIT}) must end: the session's
         * {@link #expired} is called once {@link System#nanoTime()} passes it. {@link Long#MAX_VALUE}: never.
         */
        default long deadline() {
            return Long.MAX_VALUE;
        }

        /**
         * The {@link #deadline} passed while waiting: {@link Step#CLOSE}, or {@link Step#RUN} to say
         * something first (a 408). Runs on a loop thread.
         */
        default Step expired() {
            return Step.CLOSE;
        }
    }
}
