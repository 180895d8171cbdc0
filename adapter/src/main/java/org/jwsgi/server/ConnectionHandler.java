package org.jwsgi.server;

import java.io.IOException;

/**
 * Serves one accepted connection, on the thread the {@link SocketServer}'s {@link org.jwsgi.options.Threading}
 * model gives it. The socket layer closes the connection when this returns or throws, unless the
 * handler asked {@link Connection#resumeWhenReadable} and returned normally: then the connection
 * waits without a thread and this is called again, on another thread maybe, when bytes arrive.
 *
 * <p>A classic threaded echo server, the smallest use of the socket layer on its own:
 * <pre>{@code
 * ConnectionHandler echo = c -> c.socket().getInputStream().transferTo(c.socket().getOutputStream());
 * try (SocketServer server = SocketServer.create(echo, ServerOptions.defaults().withPort(0)).start()) {
 *     System.out.println("echo on port " + server.port());
 *     server.awaitStop();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves {@code connection} until done. An {@link IOException} is expected when the client
     * goes away or the server stops, and is not logged as an error.
     */
    void handle(Connection connection) throws IOException;
}
