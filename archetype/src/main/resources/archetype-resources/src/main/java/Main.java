package ${package};

import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * Serves {@link App} on jwsgi's bundled HTTP/1.1 server, on port 8000 or the one given
 * (0: one the system chooses), until Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        try (WsgiServer server = WsgiServer.create(new App(), ServerOptions.defaults().withPort(port)).start()) {
            System.out.println("serving on http://127.0.0.1:" + server.port() + "/");
            server.awaitStop();
        }
    }
}
