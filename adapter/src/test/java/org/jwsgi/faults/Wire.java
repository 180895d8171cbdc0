package org.jwsgi.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jwsgi.Application;
import org.jwsgi.RawResponse;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * Socket-level helpers for the fault tests: a real server on 127.0.0.1 port 0, raw requests, and
 * the resources (connection threads, file descriptors) a fault must give back.
 */
final class Wire {

    private Wire() {
    }

    static WsgiServer start(Application app, ServerOptions options) throws IOException {
        return WsgiServer.create(app, options.withPort(0)).start();
    }

    static Socket connect(WsgiServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000); // a hung server fails the test instead of hanging it
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Closes {@code s} with a TCP reset instead of a FIN: the rudest way a client can leave. */
    static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    /**
     * The next response on {@code s}, or {@code null} when it was cut: a reset, or framing that ends
     * early. A close-delimited body cut by a reset also gives {@code null}, never a short "complete" one.
     */
    static RawResponse readOrCut(Socket s, boolean head) throws IOException {
        try {
            RawResponse r = RawResponse.read(s.getInputStream(), head);
            return r.complete() ? r : null;
        } catch (SocketException e) {
            return null; // "Connection reset"
        } catch (IOException e) {
            if ("no response".equals(e.getMessage())) {
                return null; // closed before a status line: RawResponse's own signal
            }
            throw e;
        }
    }

    /** Whether the server has closed {@code s} (EOF or reset), read within its timeout. */
    static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; never sleeps blindly. */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return condition.getAsBoolean();
            }
            Thread.onSpinWait();
            Thread.yield(); // 2 cores: leave them to the server threads we are waiting for
        }
        return true;
    }

    /**
     * Live platform threads running a connection's work now (the HTTP layer is on their stack): once
     * a fault is over there must be none left. The JVM does not list virtual threads, so on Java 21+
     * the default model's workers are not counted; a loop thread running a request inline is.
     */
    static long connectionThreads() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> java.util.Arrays.stream(stack)
                        .anyMatch(f -> f.getClassName().equals("org.jwsgi.server.HttpConnection")))
                .count();
    }

    /** Live threads in the JVM. */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Open file descriptors of this JVM, or -1 where /proc is missing (not Linux). */
    static long openFds() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
