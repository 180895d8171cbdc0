package org.jwsgi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jwsgi.cli.Main;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * Starts one measured server on 127.0.0.1 in this JVM, prints its port once it listens
 * ({@code READY <port>}, or the CLI's first line for the WSGI servers: {@link #readyPort} reads
 * both), and serves the {@link Payloads} until SIGTERM.
 *
 * <pre>{@code
 * $ java -cp bench/target/jwsgi-bench.jar org.jwsgi.bench.Serve jetty-core --port 0
 * READY 41235
 * $ java -cp bench/target/jwsgi-bench.jar org.jwsgi.bench.Serve builtin --port 0
 * jwsgi: serving bench on http://127.0.0.1:41236/ (builtin server, ...)
 * }</pre>
 *
 * <p>Servers: {@code builtin}, {@code jetty-bridge} and {@code tomcat-bridge}: the WSGI app on
 * jwsgi's CLI launcher ({@link Main#serve}, what {@code java -jar jwsgi-cli.jar} runs), with the
 * CLI's defaults and {@code --no-access-log}, so the figures are the CLI's ({@code builtin-log}: the
 * same with the CLI's access log on, its default, written to stderr); and the references
 * {@code jetty-core} (a Jetty 12
 * core {@code Handler}), {@code jetty-servlet} and {@code tomcat-servlet} (a hand-written
 * {@code HttpServlet} on each container, with the container's defaults) and {@code jdk-httpserver}
 * ({@code com.sun.net.httpserver}, on virtual threads where the JVM has them, else a cached pool).
 * Options: {@code --port N} (0: the OS chooses), {@code --threading single|per-connection|pool} and
 * {@code --max-connections N} for the WSGI servers, {@code --file PATH} for {@code /file}.
 */
public final class Serve {

    /** Every server name, in the order the harness measures them. */
    public static final List<String> SERVERS = List.of("builtin", "builtin-log", "jetty-bridge", "tomcat-bridge", "jetty-core",
            "jetty-servlet", "tomcat-servlet", "jdk-httpserver");

    private Serve() {
    }

    /** The port in a line of a server's stdout: {@code READY <port>} or the CLI's {@code jwsgi: serving X on URL (...)}. */
    static OptionalInt readyPort(String line) {
        if (line.startsWith("READY ")) {
            return OptionalInt.of(Integer.parseInt(line.substring("READY ".length()).strip()));
        }
        Matcher m = CliLine.PATTERN.matcher(line);
        return m.lookingAt() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** Compiled at the first line read, by the harness: not in a measured server's start-up. */
    private static final class CliLine {
        static final Pattern PATTERN = Pattern.compile("jwsgi: serving \\S+ on http://\\S+:(\\d+)/ ");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !SERVERS.contains(args[0])) {
            System.err.println("usage: Serve " + String.join("|", SERVERS)
                    + " [--port N] [--threading MODEL] [--max-connections N] [--file PATH]");
            System.exit(2);
        }
        int port = 0;
        ServerOptions options = ServerOptions.defaults();
        Path file = null;
        List<String> cli = new ArrayList<>(); // the same flags for the CLI launcher
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("missing value after " + args[i]);
            }
            String v = args[i + 1];
            try {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(v);
                    case "--threading" -> options = options.withThreading(Threading.parse(v));
                    case "--max-connections" -> options = options.withMaxConnections(Integer.parseInt(v));
                    case "--file" -> file = Path.of(v);
                    default -> usage("unknown option " + args[i]);
                }
                if (!args[i].equals("--file")) {
                    cli.addAll(List.of(args[i].equals("--threads") ? "--threading" : args[i], v));
                }
            } catch (IllegalArgumentException e) {
                usage(args[i] + ": " + e.getMessage());
            }
        }
        if (file != null && !Files.isReadable(file)) {
            usage("--file " + file + ": not a readable file");
        }
        if (Servers.WSGI.contains(args[0])) {
            // exactly what java -jar jwsgi-cli.jar --no-access-log runs, with the bench's app;
            // builtin-log keeps the CLI's default, its access log on (to stderr: the harness's logs/)
            cli.addAll(List.of("--server", args[0].replace("-bridge", "").replace("-log", "")));
            if (!args[0].endsWith("-log")) {
                cli.add("--no-access-log");
            }
            cli.add("bench");
            int status = Main.serve(Map.of("bench", new BenchApp(file)), cli.toArray(String[]::new),
                    System.out, System.err);
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        AutoCloseable server = ReferenceServers.start(args[0], options.withPort(port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("Serve: " + problem);
        System.exit(2);
    }

    /** Prints the line the harness waits for: {@code READY <port>}. */
    static void ready(int port) {
        System.out.println("READY " + port);
        System.out.flush();
    }
}
