package org.jwsgi.cli;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.List;
import java.util.logging.LogManager;
import org.jwsgi.gateway.VirtualThreads;

/**
 * Start-up work taken off the main thread. While the main thread reads the command line, loads
 * the app and binds, a second thread initializes java.util.logging (which the console log needs
 * next) and loads the bundled server's classes and its request path, so neither the bind nor the
 * first request waits for them to be read from the jar. It does only what the main thread would
 * do a few milliseconds later, in a way that cannot deadlock with it: the JDK's logging, whose
 * set-up needs no class of jwsgi's but {@link CliLogManager}, then classes loaded without being
 * initialized (their static initializers still run on the thread that first uses them), then two
 * pieces of set-up that touch only the JDK: the virtual thread factory's lookup and a selector
 * opened and closed. With one core it costs what the same work costs later, plus a thread.
 *
 * <pre>{@code
 * Preload.start();   // first thing in main, once java.util.logging.manager is set
 * }</pre>
 */
final class Preload {

    /**
     * The bundled server's start and request path, in the order a first request loads them (from
     * {@code -Xlog:class+load}); a name that no longer exists is skipped ({@code PreloadTest}
     * keeps the list true).
     */
    static final List<String> CLASSES = List.of(
            "org.jwsgi.backend.Backend", "org.jwsgi.backend.BuiltinBackend", "org.jwsgi.backend.RunningServer",
            "org.jwsgi.options.TlsOptions", "org.jwsgi.server.WsgiServer", "org.jwsgi.server.Transport",
            "org.jwsgi.server.ConnectionHandler$Session", "org.jwsgi.server.BufferPool",
            "org.jwsgi.server.ServerWatch", "org.jwsgi.server.ConnectionHandler", "org.jwsgi.server.Connection",
            "org.jwsgi.server.SocketServer", "org.jwsgi.server.Listeners", "org.jwsgi.server.EventLoop",
            "org.jwsgi.server.DrainingListener", "org.jwsgi.gateway.VirtualThreads", "org.jwsgi.server.Lookout",
            "org.jwsgi.gateway.ServerLoad", "org.jwsgi.backend.Containers", "org.jwsgi.gateway.Durations",
            "org.jwsgi.gateway.ConnectionEvents", "org.jwsgi.server.HttpConnection", "org.jwsgi.server.BodyInput",
            "org.jwsgi.server.ChunkedInput", "org.jwsgi.server.HttpError", "org.jwsgi.server.BodyInput$Fixed",
            "org.jwsgi.gateway.LineWriter", "org.jwsgi.server.InputBuffer$Pacer", "org.jwsgi.server.InputBuffer",
            "org.jwsgi.server.ResponseWriter", "org.jwsgi.server.RequestParser", "org.jwsgi.gateway.WsgiEnviron",
            "org.jwsgi.FileWrapper", "org.jwsgi.gateway.FileBody", "org.jwsgi.server.RequestParser$State",
            "org.jwsgi.server.EnvironFactory", "org.jwsgi.gateway.Ascii", "org.jwsgi.server.RequestHead",
            "org.jwsgi.server.ConnectionHandler$Step", "org.jwsgi.gateway.RequestBodyException",
            "org.jwsgi.gateway.ResponseCore$Wire", "org.jwsgi.server.HttpResponse", "org.jwsgi.gateway.ResponseCore",
            "org.jwsgi.StartResponse", "org.jwsgi.gateway.ResponseStarter", "org.jwsgi.Write",
            "org.jwsgi.gateway.RequestIds", "org.jwsgi.Status", "org.jwsgi.server.HttpResponse$Framing",
            "org.jwsgi.gateway.ResponseCore$Outcome", "org.jwsgi.server.HttpConnection$Next",
            "org.jwsgi.gateway.Health");

    private Preload() {
    }

    /** Starts the work on a daemon thread and returns at once. */
    static void start() {
        Thread t = new Thread(Preload::run, "jwsgi-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        LogManager.getLogManager(); // reads the JDK's logging.properties: ConsoleLog.install() needs it next
        ClassLoader loader = Preload.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // only a head start: the thread that uses the class loads it, and says what is wrong
            }
        }
        // on Java 21+ the lookup of the virtual thread factory (method handles: ~15 ms) that the
        // server's start needs; VirtualThreads' initializer touches JDK classes only
        VirtualThreads.available();
        try {
            Selector.open().close(); // the JDK's NIO (libnio, epoll) for the bind and the loops
        } catch (IOException | RuntimeException e) {
            // only a head start: the server's own selector says what is wrong
        }
    }
}
